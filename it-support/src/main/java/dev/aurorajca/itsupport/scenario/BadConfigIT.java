package dev.aurorajca.itsupport.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Locale;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.ManagesAdapter;
import dev.aurorajca.itsupport.client.ServerLog;
import dev.aurorajca.itsupport.client.TestCluster;

/**
 * A bad configuration value ({@code Plugins=failover,bogus}) must produce an error that names the
 * property and the value, where the user looks: in what the deployer sees if the server rejects the
 * configuration (WildFly: the deployment failure; Payara: asadmin's output, e.g. of
 * {@code ping-connection-pool}), else in the exception the application gets from
 * {@code getConnection} — the outermost message, not only a cause — and in the server log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ManagesAdapter
class BadConfigIT {

    static final String BAD_VALUE = "failover,bogus";

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().probeWar("bad-config-it.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void badPluginsValueIsNamedWhereTheUserLooks() throws Exception {
        Definition bad = Definition.pair(TestCluster.healthy(), 10).get(0).named("bad").with("Plugins", BAD_VALUE);
        ServerLog log = ServerLog.mark(server.serverLog());
        String seen;
        try {
            String deployer = null;
            try {
                server.deployAdapter(List.of(bad));
            } catch (Exception e) {
                // The server rejected it while configuring: the deployer is the one who sees it.
                StringBuilder sb = new StringBuilder("deploying the adapter with Plugins=" + BAD_VALUE + " failed: ");
                for (Throwable t = e; t != null; t = t.getCause()) {
                    sb.append("\n  ").append(t);
                }
                deployer = sb.toString();
            }
            if (deployer != null) {
                seen = deployer;
            } else {
                String answer = Http.get(war, "probe/connect?jndi=" + server.jndi("bad"));
                assertTrue(answer.startsWith("ERROR"), "getConnection with Plugins=" + BAD_VALUE + " succeeded: " + answer);
                // The outermost exception itself, not only a cause: it is what applications log first.
                String outermost = answer.lines().filter(l -> !l.isBlank() && !l.equals("ERROR")).findFirst().orElse("");
                assertTrue(names(outermost), "the outermost exception the application got does not name Plugins and "
                        + "'bogus': " + outermost + "\nwhole chain:\n" + answer);
                seen = answer;
            }
        } finally {
            server.undeployAdapter();
        }
        System.out.println("bad configuration on " + server.name() + ", as the user saw it:\n" + seen);
        assertTrue(names(seen), "the error does not name the property Plugins and the value 'bogus':\n" + seen);
        String logText = log.sinceMark();
        assertTrue(names(logText), "the server log has no error naming Plugins and 'bogus' (new log text: "
                + logText.length() + " chars)");
    }

    private static boolean names(String text) {
        return text.toLowerCase(Locale.ROOT).contains("plugins") && text.contains("bogus");
    }
}
