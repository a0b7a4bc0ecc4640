package dev.aurorajca.it.client;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.aurorajca.it.server.BenchServlet;
import dev.aurorajca.it.server.ProbeServlet;
import dev.aurorajca.it.server.TxBean;
import dev.aurorajca.itsupport.client.ServerClasses;

/** The archives the tests deploy (built on the client JVM). */
public final class Deployments {

    /** The rar's deployment name; resource adapter {@code aurora} names it as its archive. */
    public static final String RAR_NAME = "aurora-jca.rar";
    /** The WAR sees the driver's classes (exception types) through the deployed rar's module. */
    public static final String RAR_MODULE_DEPENDENCY = "Dependencies: deployment." + RAR_NAME + "\n";

    private Deployments() {
    }

    /** The rar built by rar-packaging, as copied to target/deployments by this module's build. */
    public static Path rarFile() {
        String p = System.getProperty("aurora.rar");
        if (p == null) {
            throw new IllegalStateException("system property aurora.rar is not set: run the tests through Maven "
                    + "(mvn -pl arquillian-tests -am verify), which copies the rar to target/deployments");
        }
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the resource adapter archive " + file + " is missing: build it with "
                    + "`mvn -pl arquillian-tests -am verify` (or `mvn -pl rar-packaging -am install` first)");
        }
        return file;
    }

    /** The managed WildFly's {@code server.log} (for {@code ServerLog.mark}). */
    public static Path serverLog() {
        return Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
    }

    public static ResourceAdapterArchive rar() {
        return ShrinkWrap.create(ZipImporter.class, RAR_NAME).importFrom(rarFile().toFile())
                .as(ResourceAdapterArchive.class);
    }

    /**
     * A WAR with every server-side helper (probe and load servlets, the EJB) plus {@code extra}
     * classes, depending on the rar's module; it needs the rar deployed first.
     */
    public static WebArchive testWar(String name, Class<?>... extra) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(ServerClasses.all()) // it-support's server/: Chains, Jdbc, Await, LoadServlet, WriteLoad
                .addClasses(ProbeServlet.class, BenchServlet.class, TxBean.class)
                .addClasses(extra)
                .setManifest(new StringAsset("Manifest-Version: 1.0\n" + RAR_MODULE_DEPENDENCY));
    }

    /**
     * A WAR with only the probe servlet and no dependency on the rar: it deploys while the rar is
     * absent, so tests that deploy and undeploy the rar themselves can still reach the server.
     */
    public static WebArchive probeWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addClasses(ServerClasses.chainsOnly()).addClasses(ProbeServlet.class);
    }
}
