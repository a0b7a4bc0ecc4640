package dev.aurorajca.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every benchmark main does first: read {@code --name value} options, set up name resolution. */
public final class Cli {

    /** The same Connector/J settings for every peer in every benchmark. */
    public static final Map<String, String> CONNECTOR_J = Map.of("sslMode", "DISABLED", "allowPublicKeyRetrieval", "true");

    private Cli() { }

    /** {@code --runs 20 --delays-ms 0,2000} → {runs=20, delays-ms=0,2000}. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opt;
    }

    /**
     * The hosts file RDS-shaped cluster-sim names resolve through: {@code -Djdk.net.hosts.file}
     * if given, else {@code ${java.io.tmpdir}/aurora-<defaultName>-<user>} (per user: another
     * user's file there would not be writable). Must run before anything touches InetAddress; the
     * file starts with localhost only and the cluster adds its names once started.
     */
    public static Path useHostsFile(String defaultName) throws IOException {
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"),
                "aurora-" + defaultName + "-" + System.getProperty("user.name"));
        Path hosts = Path.of(System.getProperty("jdk.net.hosts.file", fallback.toString()));
        if (System.getProperty("jdk.net.hosts.file") == null) {
            System.setProperty("jdk.net.hosts.file", hosts.toString());
        }
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        return hosts;
    }
}
