package dev.aurorajca.itp.client;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.aurorajca.itp.server.ProbeServlet;
import dev.aurorajca.itp.server.TxBean;
import dev.aurorajca.itp.server.TxServlet;
import dev.aurorajca.itsupport.client.ServerClasses;

/**
 * The WARs the tests deploy (built on the client JVM; deployed by Arquillian, testable=false).
 * Neither bundles the driver nor refers to its classes: failures are classified by SQLState.
 */
public final class Deployments {

    private Deployments() {
    }

    /** Probe, transaction and load servlets plus the EJB; needs {@link AuroraResources} in place (Payara resolves @Resource at deployment). */
    public static WebArchive testWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(ServerClasses.all()) // it-support's server/: Chains, Jdbc, Await, LoadServlet, WriteLoad
                .addClasses(ProbeServlet.class, TxBean.class, TxServlet.class);
    }

    /** Only the probe servlet: deploys without the rar, so a test can deploy and undeploy the rar itself. */
    public static WebArchive probeWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addClasses(ServerClasses.chainsOnly()).addClasses(ProbeServlet.class);
    }
}
