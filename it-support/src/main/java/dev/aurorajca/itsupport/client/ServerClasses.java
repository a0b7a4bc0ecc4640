package dev.aurorajca.itsupport.client;

import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.Chains;
import dev.aurorajca.itsupport.server.Jdbc;
import dev.aurorajca.itsupport.server.LoadServlet;
import dev.aurorajca.itsupport.server.ProbeServlet;
import dev.aurorajca.itsupport.server.TxBean;
import dev.aurorajca.itsupport.server.TxServlet;
import dev.aurorajca.itsupport.server.WriteLoad;

/**
 * The shared server-side classes, for a module's test WAR ({@code WebArchive.addClasses}). They
 * come from this jar on the test class path; ShrinkWrap adds them by class, so a WAR holds exactly
 * these and never a {@code client/} class, cluster-sim or Arquillian. None refers to a driver class.
 */
public final class ServerClasses {

    private ServerClasses() {
    }

    /** What every test WAR holds: helpers, the load, probe and transaction servlets and the EJB. */
    public static Class<?>[] all() {
        return new Class<?>[] {Chains.class, Jdbc.class, Await.class, LoadServlet.class, WriteLoad.class,
                WriteLoad.Request.class, ProbeServlet.class, TxServlet.class, TxBean.class};
    }

    /** A probe-only WAR (no rar, no EJB): the probe servlet and what it uses. */
    public static Class<?>[] probe() {
        return new Class<?>[] {Chains.class, Jdbc.class, ProbeServlet.class};
    }
}
