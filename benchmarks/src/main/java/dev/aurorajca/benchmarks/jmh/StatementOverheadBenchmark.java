package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * One statement round trip to a local MariaDB through plain mysql-connector-j ({@code mysql})
 * and through the driver with {@code plugins=failover} ({@code aurora}) or
 * {@code plugins=failover,host_monitoring_v2} ({@code aurora-efm}), and through the AWS Advanced
 * JDBC Wrapper 4.3.0 with {@code wrapperPlugins=failover2} ({@code aws}), same Connector/J
 * properties. The server is named by the system properties {@code bench.db.host},
 * {@code bench.db.port} (and optionally {@code bench.db.name}, {@code bench.db.user},
 * {@code bench.db.password}); without them each fork starts a one-node cluster-sim of its own.
 * {@link OverheadRounds} runs the two drivers in alternating short forks against one server.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 4, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class StatementOverheadBenchmark {

    /** The same Connector/J properties for both drivers: no TLS, so the wrapper's share is not hidden by crypto. */

    /** {@code aurora} = plugins=failover; {@code aurora-efm} = plugins=failover,host_monitoring_v2 (detection defaults). */
    @Param({"mysql", "aurora", "aurora-efm", "aws"})
    public String driver;

    private BenchDatabase db;
    private DriverRuntime runtime;
    private Connection connection;
    private Statement statement;
    private PreparedStatement select;
    private PreparedStatement insert;
    private long n;

    @Setup(Level.Trial)
    public void open() throws SQLException, IOException {
        db = BenchDatabase.resolve(1);
        if (driver.equals("mysql")) {
            connection = db.connectorJ();
        } else if (driver.equals("aws")) {
            connection = db.awsWrapper("failover2");
        } else {
            runtime = new DriverRuntime("bench-overhead");
            connection = runtime.connect(AuroraSettings.of(db.host, db.port, db.database, db.auroraProperties(Map.of(
                    "plugins", driver.equals("aurora-efm") ? "failover,host_monitoring_v2" : "failover",
                    "clusterId", "bench-overhead"))));
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_insert (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(32)) ENGINE=InnoDB");
        }
        statement = connection.createStatement();
        select = connection.prepareStatement("SELECT 1");
        insert = connection.prepareStatement("INSERT INTO bench_insert (v) VALUES (?)");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE TABLE bench_insert");
        }
        connection.close();
        if (runtime != null) {
            runtime.close();
        }
        if (driver.equals("aws")) {
            software.amazon.jdbc.Driver.releaseResources();
        }
        db.close();
    }

    @Benchmark
    public int selectStatement() throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public int selectPrepared() throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Autocommit insert: one commit (and its log flush) per operation, the same for both drivers. */
    @Benchmark
    public int insertPrepared() throws SQLException {
        insert.setString(1, "row-" + (n++ & 1023));
        return insert.executeUpdate();
    }
}
