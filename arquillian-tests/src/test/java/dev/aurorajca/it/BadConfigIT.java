package dev.aurorajca.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.it.client.Mgmt;
import dev.aurorajca.itsupport.client.ServerLog;

/**
 * A bad configuration value ({@code Plugins=failover,bogus}) must produce an error that names the
 * property and the value, where the user looks: in the exception the application gets from the
 * factory (or, if the adapter rejects it at deployment, in the deployment failure) and in the
 * server log.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(BadConfigIT.BadPluginsSetup.class)
@RunAsClient
class BadConfigIT {

    static final String BAD_VALUE = "failover,bogus";

    /** Resource adapter {@code aurora} with one definition, {@code bad} → {@code java:/aurora/bad}. */
    public static class BadPluginsSetup extends AuroraAdapterSetup {
        @Override
        protected Map<String, Definition> definitions(SimCluster cluster) {
            Map<String, String> props = new LinkedHashMap<>(connectionProperties(cluster, false));
            props.put("Plugins", BAD_VALUE);
            return Map.of("bad", new Definition("java:/aurora/bad", 5, props));
        }
    }

    /** The rar is deployed by the test, so that a deployment failure is observed, not fatal. */
    @Deployment(name = "probe", testable = false)
    static WebArchive probe() {
        return Deployments.probeWar("bad-config-probe.war");
    }

    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    @ArquillianResource
    ManagementClient management;

    @Test
    void badPluginsValueIsNamedInTheApplicationsExceptionAndTheServerLog() throws Exception {
        ModelControllerClient client = management.getControllerClient();
        ServerLog log = ServerLog.mark(Deployments.serverLog());
        String seen = null;
        boolean deployed = false;
        try {
            try {
                Mgmt.deploy(client, Deployments.RAR_NAME, Deployments.rarFile());
                deployed = true;
            } catch (Exception e) {
                // The adapter rejected the value at deployment: the deployer is the one who sees it.
                StringBuilder sb = new StringBuilder("deployment of " + Deployments.RAR_NAME + " failed: ");
                for (Throwable t = e; t != null; t = t.getCause()) {
                    sb.append("\n  ").append(t);
                }
                seen = sb.toString();
            }
            if (deployed) {
                String answer = Http.get(probe, "probe/connect?jndi=java:/aurora/bad");
                assertTrue(answer.startsWith("ERROR"), "getConnection with Plugins=" + BAD_VALUE + " succeeded: " + answer);
                seen = answer;
            }
        } finally {
            if (deployed || Mgmt.isDeployed(client, Deployments.RAR_NAME)) {
                Mgmt.undeploy(client, Deployments.RAR_NAME);
            }
        }
        String app = seen;
        System.out.println("bad configuration, as the application saw it:\n" + app);
        assertTrue(app != null && names(app), "the error the application saw does not name the property Plugins and "
                + "the value 'bogus':\n" + app);
        // The outermost exception itself, not only a cause: it is what applications log first.
        String outermost = app.lines().filter(l -> !l.isBlank() && !l.equals("ERROR")).findFirst().orElse("");
        assertTrue(names(outermost), "the outermost exception does not name Plugins and 'bogus': " + outermost);
        String logText = log.sinceMark();
        assertTrue(names(logText), "server.log has no error naming Plugins and 'bogus' (new log text: "
                + logText.length() + " chars)");
    }

    private static boolean names(String text) {
        return text.toLowerCase(Locale.ROOT).contains("plugins") && text.contains("bogus");
    }
}
