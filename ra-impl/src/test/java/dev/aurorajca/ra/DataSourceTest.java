package dev.aurorajca.ra;

import static dev.aurorajca.ra.EventRecorder.CLOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.naming.Reference;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The DataSource connection factory")
@org.junit.jupiter.api.Tag("unit")
class DataSourceTest {

    @Test
    @DisplayName("outside a server: getConnection opens a connection, close destroys it")
    void nonManaged() throws Exception {
        try (Fixture fx = new Fixture()) {
            DataSource ds = (DataSource) fx.factory.createConnectionFactory();
            Connection c = ds.getConnection();
            assertSame(c, c.createStatement().getConnection());
            c.close();
            assertEquals(1, fx.fake().closeCount);
        }
    }

    @Test
    @DisplayName("getConnection(user, password) passes the credentials as request info")
    void credentials() throws Exception {
        try (Fixture fx = new Fixture()) {
            DataSource ds = (DataSource) fx.factory.createConnectionFactory();
            try (Connection ignored = ds.getConnection("alice", "pw1")) {
                assertEquals("alice", fx.fake().settings.user());
                assertEquals("pw1", fx.fake().settings.password());
            }
        }
    }

    @Test
    @DisplayName("a bad configuration reaches the application as SQLException 22023 naming the property and value, through a server's wrapping")
    void badConfigurationSeenByApplication() throws Exception {
        try (Fixture fx = new Fixture()) {
            fx.factory.setPlugins("failover,bogus");
            // A server wraps the adapter's exception in its own.
            ConnectionManager serverLike = new ConnectionManager() {
                @Override
                public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
                    try {
                        ManagedConnection mc = mcf.createManagedConnection(null, info);
                        return mc.getConnection(null, info);
                    } catch (ResourceException e) {
                        throw new ResourceException("IJ000453: Unable to get managed connection for java:/aurora/writer", e);
                    }
                }
            };
            DataSource ds = (DataSource) fx.factory.createConnectionFactory(serverLike);
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().contains("config property Plugins") && e.getMessage().contains("failover,bogus"), e.getMessage());
        }
    }

    @Test
    @DisplayName("Referenceable: the server's reference is kept")
    void referenceable() throws Exception {
        try (Fixture fx = new Fixture()) {
            AuroraDataSource ds = (AuroraDataSource) fx.factory.createConnectionFactory();
            Reference ref = new Reference(DataSource.class.getName());
            ds.setReference(ref);
            assertSame(ref, ds.getReference());
        }
    }

    @Test
    @DisplayName("in a managed setting the handle close event goes to the server's listener")
    void closeEventReachesServer() throws Exception {
        try (Fixture fx = new Fixture()) {
            AuroraManagedConnection mc = fx.managed();
            ConnectionManager cm = (mcf, info) -> mc.getConnection(null, info);
            DataSource ds = (DataSource) fx.factory.createConnectionFactory(cm);
            ds.getConnection().close();
            assertEquals(List.of(CLOSED), fx.events.types);
        }
    }
}
