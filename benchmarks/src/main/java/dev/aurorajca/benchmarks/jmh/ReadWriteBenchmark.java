package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
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

    private BenchDatabase db;
    private DriverRuntime runtime;
    private Connection connection;
    private Statement statement;

    @Setup(Level.Trial)
    public void open() throws SQLException, IOException {
        db = BenchDatabase.resolve(3);
        if (driver.equals("connectorj")) {
            connection = db.connectorJ();
        } else {
            runtime = new DriverRuntime("bench-rws");
            connection = runtime.connect(AuroraSettings.of(db.host, db.port, db.database, db.auroraProperties(Map.of(
                    "plugins", driver.equals("rws") ? "read_write_splitting" : "read_write_splitting,failover,host_monitoring_v2",
                    "clusterId", "bench-rws-" + System.getProperty("bench.db.cluster", "own")))));
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
        connection.close();
        if (runtime != null) {
            runtime.close();
        }
        db.close();
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
