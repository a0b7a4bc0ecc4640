package dev.aurorajca.itsupport.client;

import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.Chains;
import dev.aurorajca.itsupport.server.Jdbc;
import dev.aurorajca.itsupport.server.LoadServlet;
import dev.aurorajca.itsupport.server.WriteLoad;

/**
 * The shared server-side classes, for a module's test WAR ({@code WebArchive.addClasses}). They
 * come from this jar on the test class path; ShrinkWrap adds them by class, so a WAR holds exactly
 * these and never a {@code client/} class, cluster-sim or Arquillian. None refers to a driver class.
 */
public final class ServerClasses {

    private ServerClasses() {
    }

    /** Everything in {@code server/}: helpers plus the load servlet. */
    public static Class<?>[] all() {
        return new Class<?>[] {Chains.class, Jdbc.class, Await.class, LoadServlet.class, WriteLoad.class,
                WriteLoad.Request.class};
    }

    /** What a probe-only WAR (no rar, no load) needs besides its servlet. */
    public static Class<?>[] chainsOnly() {
        return new Class<?>[] {Chains.class};
    }
}
