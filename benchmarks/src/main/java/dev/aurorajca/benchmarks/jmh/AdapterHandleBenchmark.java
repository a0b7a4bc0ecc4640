package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.clustersim.jdbc.StubJdbc;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.ra.AdapterBenchAccess;
import dev.aurorajca.ra.AuroraManagedConnectionFactory;
import dev.aurorajca.ra.AuroraResourceAdapter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * What the resource adapter's connection handle adds to a JDBC call, over a stub physical
 * connection (no server, no network): {@code driver} calls the logical driver connection
 * directly; {@code handle} the {@code ConnectionHandle} an application gets from the adapter's
 * {@code DataSource} over an identical logical connection (the real factory / managed connection
 * path); {@code proxy} a JDK dynamic proxy that forwards by reflection and funnels
 * {@code SQLException} the same way — the alternative to {@code DelegatingConnection}, measured
 * for the forwarded methods only (it wraps no statements, so its prepare/query rows are not a
 * like-for-like comparison). Added cost per call = (handle − driver) / calls in the method's name.
 * The driver runs with {@code plugins=} (its fast path) so that the adapter's share stands out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AdapterHandleBenchmark {

    @Param({"driver", "handle", "proxy"})
    public String target;

    private DriverRuntime runtime;
    private AuroraResourceAdapter adapter;
    private Connection logical;
    private Connection connection;
    private PreparedStatement prepared;

    private static final Map<String, String> PROPS = Map.of("user", "app", "password", "x", "dialect", "mysql",
            "clusterId", "stub", "plugins", "");

    @Setup(Level.Trial)
    public void open() throws Exception {
        Connection stub = StubJdbc.silent().connection();
        runtime = new DriverRuntime("bench-adapter", req -> stub);
        switch (target) {
            case "driver" -> connection = runtime.connect(AuroraSettings.of("stub.invalid", 3306, "app", PROPS));
            case "handle" -> {
                adapter = AdapterBenchAccess.adapterOver(runtime);
                adapter.start(null);
                AuroraManagedConnectionFactory f = new AuroraManagedConnectionFactory();
                f.setClusterEndpoint("stub.invalid");
                f.setDatabase("app");
                f.setUser("app");
                f.setPassword("x");
                f.setDialect("mysql");
                f.setClusterId("stub");
                f.setPlugins("");
                f.setResourceAdapter(adapter);
                connection = ((DataSource) f.createConnectionFactory()).getConnection();
            }
            case "proxy" -> {
                logical = runtime.connect(AuroraSettings.of("stub.invalid", 3306, "app", PROPS));
                Connection target = logical;
                connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (p, m, args) -> {
                            try {
                                return m.invoke(target, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause() instanceof SQLException s ? funnel(s) : e.getCause();
                            }
                        });
            }
            default -> throw new IllegalArgumentException(target);
        }
        prepared = connection.prepareStatement("SELECT 1");
    }

    /** Stands in for the handle's exception funnel (never reached: the stub does not fail). */
    private static SQLException funnel(SQLException e) {
        return e;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
        if (logical != null) {
            logical.close();
        }
        if (adapter != null) {
            adapter.stop();
        }
        runtime.close();
    }

    /** 1 call, forwarded by DelegatingConnection (no adapter behaviour). */
    @Benchmark
    public boolean getAutoCommit_1call() throws SQLException {
        return connection.getAutoCommit();
    }

    /** 1 call, forwarded, returning a primitive int (boxing through the lambda helper, if any survives the JIT). */
    @Benchmark
    public int getTransactionIsolation_1call() throws SQLException {
        return connection.getTransactionIsolation();
    }

    /** 2 calls with adapter behaviour: prepareStatement (wrap + track) and close on the wrapped statement (untrack). */
    @Benchmark
    public int prepareAndClose_2calls() throws SQLException {
        PreparedStatement ps = connection.prepareStatement("SELECT 1");
        ps.close();
        return 1;
    }

    /** 4 calls on a statement from the connection: executeQuery (wraps a ResultSet), next, getInt, close. */
    @Benchmark
    public int preparedQueryRow_4calls() throws SQLException {
        ResultSet rs = prepared.executeQuery();
        rs.next();
        int v = rs.getInt(1);
        rs.close();
        return v;
    }
}
