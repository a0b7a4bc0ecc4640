package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.clustersim.jdbc.StubJdbc;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
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
 * What the driver's proxies and plugin pipeline add to one JDBC call, with a stub physical
 * connection that costs (almost) nothing. {@code raw} calls the stub directly; {@code none} goes
 * through the driver with no plugin (the fast path); {@code failover} through the failover
 * plugin. Added cost per call = (driver − raw) / calls per operation (given in each method's name).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DispatchBenchmark {

    /**
     * {@code monitoring} = {@code plugins=failover,host_monitoring_v2} with
     * {@code failureDetectionTime} of an hour: the stub cannot answer a probe, so none may run
     * during the benchmark; what is measured is the per-call bookkeeping.
     */
    @Param({"raw", "none", "failover", "monitoring"})
    public String target;

    private DriverRuntime runtime;
    private Connection connection;
    private Statement statement;
    private PreparedStatement prepared;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        Connection stub = StubJdbc.silent().connection();
        if (target.equals("raw")) {
            connection = stub;
        } else {
            runtime = new DriverRuntime("bench-dispatch", req -> stub); // the runtime's pluggable target
            // dialect=mysql: no topology, so connecting sends nothing to the stub but what we measure.
            Map<String, String> p = new java.util.HashMap<>(Map.of(
                    "user", "app", "password", "x", "dialect", "mysql", "clusterId", "stub",
                    "plugins", target.equals("none") ? "" : target.equals("monitoring") ? "failover,host_monitoring_v2" : target));
            if (target.equals("monitoring")) {
                p.put("failureDetectionTime", "3600000");
            }
            connection = runtime.connect(AuroraSettings.of("stub.invalid", 3306, "app", p));
        }
        statement = connection.createStatement();
        prepared = connection.prepareStatement("SELECT 1");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        if (runtime != null) {
            runtime.close();
        }
    }

    /** 1 call on the connection proxy. */
    @Benchmark
    public boolean connectionGetAutoCommit_1call() throws SQLException {
        return connection.getAutoCommit();
    }

    /** 1 call on a statement proxy. */
    @Benchmark
    public boolean statementExecute_1call() throws SQLException {
        return statement.execute("SELECT 1");
    }

    /** 4 calls: executeQuery (wraps a new ResultSet proxy), next, getInt, close. */
    @Benchmark
    public int preparedQueryRow_4calls() throws SQLException {
        ResultSet rs = prepared.executeQuery();
        rs.next();
        int v = rs.getInt(1);
        rs.close();
        return v;
    }

    /** 2 calls: prepareStatement (wraps a new PreparedStatement proxy) and close on it. */
    @Benchmark
    public int prepareAndClose_2calls() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT 1");
        ps.close();
        return 1;
    }
}
