package dev.aurorajca.driver.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.jdbc.StubJdbc;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("plugin pipeline: order, fast path, wrapping")
@org.junit.jupiter.api.Tag("unit")
class PipelineTest {

    private final StubJdbc stub = StubJdbc.recording();
    private final DriverRuntime runtime = new DriverRuntime("unit", req -> stub.connection());

    @AfterEach
    void close() {
        runtime.close();
    }

    private static AuroraSettings settings(String plugins) throws SQLException {
        return AuroraSettings.of("stub", 3306, "db", Map.of("plugins", plugins, "dialect", "mysql"));
    }

    /** Records the order in which it sees calls and connects. */
    private static final class Recording implements ConnectionPlugin {
        final String name;
        final List<String> log;
        Recording(String name, List<String> log) { this.name = name; this.log = log; }
        @Override public boolean subscribes(Method m) { return m.getName().equals("executeQuery"); }
        @Override public Object execute(Invocation inv) throws SQLException {
            log.add(name + ">");
            try {
                return inv.proceed();
            } finally {
                log.add("<" + name);
            }
        }
        @Override public Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
            log.add("connect " + name);
            return next.connect(req);
        }
    }

    @Test
    @DisplayName("plugins run outermost first around a subscribed call and around connects")
    void order() throws Exception {
        List<String> log = new ArrayList<>();
        AuroraSettings s = settings("");
        PluginPipeline p = new PluginPipeline(runtime, s, List.of(new Recording("outer", log), new Recording("inner", log)));
        Connection c = p.connect(ConnectRequest.of(dev.aurorajca.driver.topology.HostSpec.endpoint("stub", 3306), ConnectRequest.Purpose.INITIAL, s));
        assertEquals(List.of("connect outer", "connect inner"), log);
        log.clear();
        Method executeQuery = Statement.class.getMethod("executeQuery", String.class);
        assertEquals(2, p.chainFor(executeQuery).length);
        assertEquals(0, p.chainFor(Statement.class.getMethod("getFetchSize")).length, "nobody subscribes: fast path");
        Invocation inv = new Invocation(null, c.createStatement(), executeQuery, new Object[] {"SELECT 1"}, p.chainFor(executeQuery), 0);
        assertTrue(inv.proceed() instanceof ResultSet);
        assertEquals(List.of("outer>", "inner>", "<inner", "<outer"), log);
    }

    @Test
    @DisplayName("no plugins: every method takes the fast path; the same chain array is reused")
    void fastPath() throws Exception {
        PluginPipeline p = runtime.pipeline(settings(""));
        Method m = Connection.class.getMethod("createStatement");
        assertEquals(0, p.chainFor(m).length);
        assertSame(p.chainFor(m), p.chainFor(m));
        assertSame(p, runtime.pipeline(settings("")), "one pipeline per configuration");
    }

    @Test
    @DisplayName("statements, result sets and metadata are wrapped and point back to the logical connection")
    void wrapping() throws Exception {
        try (AuroraConnection c = runtime.connect(settings("failover"))) {
            Statement st = c.createStatement();
            assertSame(c, st.getConnection());
            ResultSet rs = st.executeQuery("SELECT 1");
            assertSame(st, rs.getStatement());
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertSame(c, c.unwrap(AuroraConnection.class));
            assertTrue(c.isWrapperFor(AuroraConnection.class));
        }
        assertTrue(stub.closed.get(), "closing the logical connection closes the physical one");
    }

    @Test
    @DisplayName("a non-network error passes through untouched and the connection stays usable")
    void nonNetworkErrorPassesThrough() throws Exception {
        try (AuroraConnection c = runtime.connect(settings("failover"))) {
            SQLException boom = new SQLException("syntax", "42000", 1064);
            stub.failNextWith(boom);
            assertSame(boom, assertThrows(SQLException.class, c::createStatement));
            assertTrue(c.isUsable());
        }
    }

    @Test
    @DisplayName("without failover a network error leaves the connection unusable (the adapter destroys it)")
    void networkErrorWithoutFailover() throws Exception {
        try (AuroraConnection c = runtime.connect(settings(""))) {
            stub.failNextWith(new SQLException("link", "08S01"));
            stub.closed.set(true); // Connector/J closes its connection on a communications failure
            assertEquals("08S01", assertThrows(SQLException.class, c::createStatement).getSQLState());
            assertFalse(c.isUsable());
        }
    }

    @Test
    @DisplayName("validate() costs no round trip for a connection used moments ago (pools validate on every checkout)")
    void validateIsLocalForRecentlyUsedConnection() throws Exception {
        try (AuroraConnection c = runtime.connect(settings("failover"))) {
            c.createStatement().close();
            stub.calls.clear();
            assertTrue(c.validate(1));
            assertFalse(stub.calls.contains("Connection.isValid"), "calls: " + stub.calls);
            stub.closed.set(true);
            assertFalse(c.validate(1), "a closed physical connection is never valid");
        }
    }

    @Test
    void closedConnectionThrows08003() throws Exception {
        AuroraConnection c = runtime.connect(settings("failover"));
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState());
    }
}
