package dev.aurorajca.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.security.PasswordCredential;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("getInvalidConnections and matchManagedConnections")
@org.junit.jupiter.api.Tag("unit")
class ValidationAndMatchingTest {

    private Fixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    @DisplayName("invalid: unusable logical connection, or validate() false (dead link, writer on a read-only instance); healthy ones are not")
    void invalidConnections() throws Exception {
        AuroraManagedConnection healthy = fx.managed();
        AuroraManagedConnection unusable = fx.managed();
        fx.fake().usable = false;
        AuroraManagedConnection demotedWriter = fx.managed();
        fx.fake().valid = false;
        Set<ManagedConnection> all = new LinkedHashSet<>(Set.of(healthy, unusable, demotedWriter));
        assertEquals(Set.of(unusable, demotedWriter), fx.factory.getInvalidConnections(all));
        assertTrue(fx.factory.getInvalidConnections(Set.of(healthy)).isEmpty());
    }

    @Test
    @DisplayName("validation passes the factory's timeout to the driver")
    void validationTimeout() throws Exception {
        AuroraManagedConnection mc = fx.managed();
        fx.factory.getInvalidConnections(Set.of(mc));
        assertEquals(1, fx.fake().calls("validate[" + AuroraManagedConnectionFactory.VALIDATION_TIMEOUT_SECONDS + "]").size());
    }

    @Test
    @DisplayName("a connection matches its own factory and an equal one, not a differently configured one")
    void matchByFactory() throws Exception {
        AuroraManagedConnection mc = fx.managed();
        assertSame(mc, fx.factory.matchManagedConnections(Set.of(mc), null, null));

        AuroraManagedConnectionFactory twin = new AuroraManagedConnectionFactory();
        twin.setClusterEndpoint(fx.factory.getClusterEndpoint());
        twin.setUser("app");
        twin.setPassword("s3cret-pw");
        assertSame(mc, twin.matchManagedConnections(Set.of(mc), null, null));

        AuroraManagedConnectionFactory reader = new AuroraManagedConnectionFactory();
        reader.setClusterEndpoint(fx.factory.getClusterEndpoint());
        reader.setUser("app");
        reader.setPassword("s3cret-pw");
        reader.setReadOnly(true);
        assertNull(reader.matchManagedConnections(Set.of(mc), null, null));
    }

    @Test
    @DisplayName("a factory reconfigured after a connection was made no longer matches it")
    void reconfiguredFactory() throws Exception {
        AuroraManagedConnection mc = fx.managed();
        fx.factory.setFailoverTimeoutMs(1000L);
        assertNull(fx.factory.matchManagedConnections(Set.of(mc), null, null));
    }

    @Test
    @DisplayName("credentials: request info and container PasswordCredential must equal the connection's")
    void matchByCredentials() throws Exception {
        AuroraConnectionRequestInfo alice = new AuroraConnectionRequestInfo("alice", "pw1");
        AuroraManagedConnection mc = (AuroraManagedConnection) fx.factory.createManagedConnection(null, alice);
        assertEquals("alice", fx.fake().settings.user());
        assertSame(mc, fx.factory.matchManagedConnections(Set.of(mc), null, new AuroraConnectionRequestInfo("alice", "pw1")));
        assertNull(fx.factory.matchManagedConnections(Set.of(mc), null, new AuroraConnectionRequestInfo("bob", "pw1")));
        assertNull(fx.factory.matchManagedConnections(Set.of(mc), null, null));

        Subject subject = new Subject();
        PasswordCredential pc = new PasswordCredential("alice", "pw1".toCharArray());
        pc.setManagedConnectionFactory(fx.factory);
        subject.getPrivateCredentials().add(pc);
        assertSame(mc, fx.factory.matchManagedConnections(Set.of(mc), subject, null));
        assertThrows(jakarta.resource.spi.SecurityException.class, () -> mc.getConnection(null, null));
    }

    @Test
    @DisplayName("a destroyed connection never matches")
    void destroyedNeverMatches() throws Exception {
        AuroraManagedConnection mc = fx.managed();
        mc.destroy();
        assertNull(fx.factory.matchManagedConnections(Set.of(mc), null, null));
    }
}
