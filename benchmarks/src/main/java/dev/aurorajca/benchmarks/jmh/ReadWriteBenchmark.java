package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@code setReadOnly(true)} + {@code setReadOnly(false)} with read/write splitting and a
 * cached reader connection, on a real 3-node cluster-sim without proxies (issue 7).
 * {@code rws} = {@code plugins=read_write_splitting}; {@code rws-full} =
 * {@code read_write_splitting,failover,host_monitoring_v2}; {@code connectorj} = the same two calls
 * on one plain mysql-connector-j connection (what Connector/J itself does for them: it sends
 * {@code SET SESSION TRANSACTION READ ONLY/WRITE} each time), for scale. {@code selectOne} is a
 * {@code SELECT 1} round trip on the same connection, for scale too.
 *
 * <p>The cluster is named by {@code bench.db.host}/{@code bench.db.port} (the writer) and
 * {@code bench.db.cluster}; without them each fork starts its own. {@code JmhRounds readwrite}
 * starts one for every fork.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 4, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ReadWriteBenchmark {

    @Param({"connectorj", "rws", "rws-full"})
    public String driver;

    private SimCluster ownCluster;
    private DriverRuntime runtime;
    private Connection connection;
    private Statement statement;

    @Setup(Level.Trial)
    public void open() throws SQLException, IOException {
        String host = System.getProperty("bench.db.host");
        int port;
        String db = System.getProperty("bench.db.name", "app");
        String user = System.getProperty("bench.db.user", "app");
        String password = System.getProperty("bench.db.password", "app-password");
        if (host == null) {
            ownCluster = SimCluster.builder().nodes(3).proxies(false).start();
            SimNode w = ownCluster.writer();
            host = w.host();
            port = w.port();
        } else {
            port = Integer.parseInt(System.getProperty("bench.db.port"));
        }
        if (driver.equals("connectorj")) {
            Properties p = new Properties();
            p.putAll(StatementOverheadBenchmark.CONNECTOR_J);
            p.setProperty("user", user);
            p.setProperty("password", password);
            connection = new com.mysql.cj.jdbc.NonRegisteringDriver().connect("jdbc:mysql://" + host + ":" + port + "/" + db, p);
        } else {
            Map<String, String> p = new HashMap<>(StatementOverheadBenchmark.CONNECTOR_J);
            p.put("user", user);
            p.put("password", password);
            p.put("plugins", driver.equals("rws") ? "read_write_splitting" : "read_write_splitting,failover,host_monitoring_v2");
            p.put("clusterId", "bench-rws-" + System.getProperty("bench.db.cluster", "own"));
            runtime = new DriverRuntime("bench-rws");
            connection = runtime.connect(AuroraSettings.of(host, port, db, p));
            connection.setReadOnly(true); // opens and caches the reader connection
            int reader = serverId(connection);
            connection.setReadOnly(false);
            int writer = serverId(connection);
            if (reader == writer) {
                throw new IllegalStateException("setReadOnly(true) stayed on server " + writer + ": no reader switch to measure");
            }
        }
        statement = connection.createStatement();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (runtime != null) {
            // How much per-switch bookkeeping the logical connection kept over the trial (see README findings).
            try {
                Object handler = Proxy.getInvocationHandler(connection);
                Field f = handler.getClass().getDeclaredField("hostByGeneration");
                f.setAccessible(true);
                System.out.println("[rws] " + driver + " hostByGeneration.size() after the trial = " + ((List<?>) f.get(handler)).size());
            } catch (ReflectiveOperationException | RuntimeException e) {
                System.out.println("[rws] could not read hostByGeneration: " + e);
            }
        }
        connection.close();
        if (runtime != null) {
            runtime.close();
        }
        if (ownCluster != null) {
            ownCluster.close();
        }
    }

    /** setReadOnly(true) then setReadOnly(false): reader and writer connections both cached. */
    @Benchmark
    public boolean switchPair() throws SQLException {
        connection.setReadOnly(true);
        connection.setReadOnly(false);
        return true;
    }

    /** One SELECT 1 round trip on the same connection (scale). */
    @Benchmark
    public int selectOne() throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int serverId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
