package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.CLOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.AuroraConnection;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayName("Connection handles")
@org.junit.jupiter.api.Tag("unit")
class ConnectionHandleTest {

    private Fixture fx;
    private AuroraManagedConnection mc;
    private FakeLogical fake;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture();
        mc = fx.managed();
        fake = fx.fake();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    @DisplayName("close fires CONNECTION_CLOSED with the handle set, once, and keeps the logical connection open")
    void closeEvent() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        h.close();
        h.close();
        assertEquals(List.of(CLOSED), fx.events.types);
        assertSame(h, fx.events.last().getConnectionHandle());
        assertSame(mc, fx.events.last().getSource());
        assertEquals(0, fake.closeCount);
    }

    @Test
    @DisplayName("a closed handle throws 08003 from every method except close/isClosed/isValid")
    void closedHandleThrows() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        h.close();
        assertTrue(h.isClosed());
        assertFalse(h.isValid(1));
        List<Executable> calls = List.of(h::createStatement, () -> h.prepareStatement("select 1"), () -> h.setAutoCommit(false),
                h::commit, h::rollback, () -> h.setReadOnly(true), h::getMetaData, h::getAutoCommit, () -> h.setCatalog("x"),
                () -> h.unwrap(AuroraConnection.class));
        for (Executable call : calls) {
            assertEquals("08003", assertThrows(SQLException.class, call).getSQLState());
        }
    }

    @Test
    @DisplayName("statements, result sets and metadata return the handle, never the logical connection")
    void childrenReturnTheHandle() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        Statement st = h.createStatement();
        assertSame(h, st.getConnection());
        ResultSet rs = st.executeQuery("select 1");
        assertSame(st, rs.getStatement());
        PreparedStatement ps = h.prepareStatement("select ?");
        assertSame(h, ps.getConnection());
        assertSame(ps, ps.executeQuery().getStatement());
        DatabaseMetaData md = h.getMetaData();
        assertSame(h, md.getConnection());
        assertEquals("MySQL", md.getDatabaseProductName());
        assertSame(h, h.prepareCall("{call p()}").getConnection());
    }

    @Test
    @DisplayName("statements left open are closed with the handle; closed ones are not closed twice")
    void closesLeftoverStatements() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        Statement closedByApp = h.createStatement();
        h.prepareStatement("select 1");
        closedByApp.close();
        assertEquals(1, fake.calls("Statement.close").size());
        h.close();
        assertEquals(1, fake.calls("Statement.close").size());
        assertEquals(1, fake.calls("PreparedStatement.close").size());
    }

    @Test
    @DisplayName("several handles share one managed connection; cleanup invalidates all of them without events")
    void severalHandles() throws Exception {
        ConnectionHandle a = Fixture.handle(mc);
        ConnectionHandle b = Fixture.handle(mc);
        assertNotSame(a, b);
        a.createStatement();
        mc.cleanup();
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertEquals(List.of(), fx.events.types);
        assertEquals("08003", assertThrows(SQLException.class, b::createStatement).getSQLState());
    }

    @Test
    @DisplayName("associateConnection moves a handle: it then works on the new managed connection, and the old one's cleanup leaves it alone")
    void associate() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        AuroraManagedConnection other = fx.managed();
        FakeLogical otherFake = fx.fake();
        other.associateConnection(h);
        mc.cleanup();
        assertFalse(h.isClosed());
        h.createStatement();
        assertEquals(1, otherFake.calls("createStatement").size());
        assertEquals(0, fake.calls("createStatement").size());
        h.close();
        assertSame(other, fx.events.last().getSource());
    }

    @Test
    @DisplayName("unwrap reaches the logical connection (for currentHost), isWrapperFor sees the handle's own type")
    void unwrap() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        assertSame(h, h.unwrap(Connection.class));
        assertEquals("instance-1:3306", h.unwrap(AuroraConnection.class).currentHost());
        assertTrue(h.isWrapperFor(ConnectionHandle.class));
    }

    @Test
    @DisplayName("destroy closes the logical connection once and invalidates handles")
    void destroy() throws Exception {
        ConnectionHandle h = Fixture.handle(mc);
        mc.destroy();
        mc.destroy();
        assertEquals(1, fake.closeCount);
        assertTrue(h.isClosed());
        assertThrows(jakarta.resource.ResourceException.class, () -> mc.getConnection(null, null));
    }
}
