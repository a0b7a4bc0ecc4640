package dev.aurorajca.driver;

import dev.aurorajca.clustersim.Await;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.config.AuroraSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Helpers shared by the driver's tests against cluster-sim. */
public final class ClusterTestSupport {

    private ClusterTestSupport() { }

    /** Settings for the driver against {@code cluster}, through the given node's proxy. */
    public static AuroraSettings settings(SimCluster cluster, SimNode via, Map<String, String> extra) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("user", cluster.user());
        p.put("password", cluster.password());
        p.put("clusterId", "sim-" + cluster.dir().getFileName());
        p.put("connectTimeout", "2000");
        p.put("failoverTimeoutMs", "20000");
        p.putAll(extra);
        return AuroraSettings.of(via.host(), via.port(), cluster.database(), p);
    }

    public static long serverId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls {@code condition} until it holds or the deadline passes (then fails with {@code what}). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    /** Names of live threads that the driver started. */
    public static Set<String> driverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("aurora-jca-"))
                .collect(Collectors.toSet());
    }
}
