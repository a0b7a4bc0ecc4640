package dev.aurorajca.driver.iam;

import static dev.aurorajca.driver.iam.IamTestSupport.STATIC_CREDENTIALS;
import static dev.aurorajca.driver.iam.IamTestSupport.accessDenied;
import static dev.aurorajca.driver.iam.IamTestSupport.fixedClock;
import static dev.aurorajca.driver.iam.IamTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.iam.IamTestSupport.CountingGenerator;
import dev.aurorajca.driver.iam.IamTestSupport.LogCapture;
import dev.aurorajca.driver.iam.IamTestSupport.StubChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectRequest.Purpose;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("iam plugin")
@org.junit.jupiter.api.Tag("unit")
class IamAuthPluginTest {

    private static final String CLUSTER = "mycluster.cluster-abc123.us-east-1.rds.amazonaws.com";
    private static final HostSpec INSTANCE_2 = HostSpec.endpoint("instance-2.abc123.us-east-1.rds.amazonaws.com", 3306);

    private final CountingGenerator gen = new CountingGenerator();

    private IamAuthPlugin plugin(AuroraSettings s) {
        return new IamAuthPlugin(s, () -> gen);
    }

    private static ConnectRequest request(AuroraSettings s, HostSpec host, Purpose purpose) {
        return ConnectRequest.of(host, purpose, s);
    }

    private static ConnectRequest request(AuroraSettings s) {
        return request(s, HostSpec.endpoint(s.host(), s.port()), Purpose.INITIAL);
    }

    @Nested
    @DisplayName("signing")
    class Signing {

        @Test
        @DisplayName("the password Connector/J gets is the SDK token for the host, port and user connected")
        void passwordIsTheTokenForTheConnectedHost() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of("password", "stored-password-not-used"));
            SdkTokenGenerator sdk = new SdkTokenGenerator(STATIC_CREDENTIALS, fixedClock());
            IamAuthPlugin p = new IamAuthPlugin(s, () -> sdk);
            StubChain chain = new StubChain();
            p.connect(request(s), chain);
            p.connect(request(s, INSTANCE_2, Purpose.FAILOVER), chain);

            assertEquals(sdk.generate(new TokenKey("us-east-1", CLUSTER, 3306, "app_user")), chain.passwords.get(0));
            assertEquals(sdk.generate(new TokenKey("us-east-1", INSTANCE_2.host(), 3306, "app_user")), chain.passwords.get(1));
            assertTrue(chain.passwords.get(1).startsWith(INSTANCE_2.host() + ":3306/?"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(Purpose.class)
        @DisplayName("every physical connection gets a token, whatever it is opened for")
        void everyPurposeGetsAToken(Purpose purpose) throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            StubChain chain = new StubChain();
            plugin(s).connect(request(s, INSTANCE_2, purpose), chain);
            assertTrue(chain.passwords.get(0).startsWith("SECRET-TOKEN-1-us-east-1:" + INSTANCE_2.host() + ":3306:app_user"));
        }

        @Test
        @DisplayName("iamHost, iamDefaultPort and iamRegion replace what the token is signed for, not where it connects")
        void iamHostPortRegion() throws SQLException {
            AuroraSettings s = settings("10.0.0.12", 13306, Map.of("iamHost", "mycluster.cluster-abc123.eu-west-1.rds.amazonaws.com",
                    "iamDefaultPort", "3306", "iamRegion", "eu-central-1"));
            StubChain chain = new StubChain();
            plugin(s).connect(request(s), chain);
            assertEquals(List.of(new TokenKey("eu-central-1", "mycluster.cluster-abc123.eu-west-1.rds.amazonaws.com", 3306, "app_user")), gen.keys);
            assertEquals("10.0.0.12", chain.requests.get(0).host().host());
            assertEquals(13306, chain.requests.get(0).host().port());
        }

        @Test
        @DisplayName("a request sent to an address with a sign-host (bg after a blue/green switch) gets a token for that name; iamHost still wins")
        void signHostOfTheRequest() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            StubChain chain = new StubChain();
            ConnectRequest req = request(s, HostSpec.endpoint("10.0.1.11", 3306), Purpose.FAILOVER);
            req.properties().setProperty(IamAuthPlugin.SIGN_HOST_PROPERTY, INSTANCE_2.host());
            plugin(s).connect(req, chain);
            assertEquals(List.of(new TokenKey("us-east-1", INSTANCE_2.host(), 3306, "app_user")), gen.keys);
            assertEquals("10.0.1.11", chain.requests.get(0).host().host(), "the connection still goes to the address");
            assertFalse(chain.requests.get(0).properties().containsKey(IamAuthPlugin.SIGN_HOST_PROPERTY), "not passed to Connector/J");

            AuroraSettings explicit = settings(CLUSTER, 3306, Map.of("iamHost", "chosen.cluster-abc.us-east-1.rds.amazonaws.com"));
            ConnectRequest r2 = request(explicit, HostSpec.endpoint("10.0.1.11", 3306), Purpose.FAILOVER);
            r2.properties().setProperty(IamAuthPlugin.SIGN_HOST_PROPERTY, INSTANCE_2.host());
            plugin(explicit).connect(r2, new StubChain());
            assertEquals("chosen.cluster-abc.us-east-1.rds.amazonaws.com", gen.keys.get(1).host());
        }

        @Test
        @DisplayName("the region comes from iamHost when set, else from the host connected, else from the URL's host")
        void regionSources() throws SQLException {
            AuroraSettings s = settings("10.0.0.12", 3306, Map.of("iamHost", "db.cluster-abc.ap-south-1.rds.amazonaws.com"));
            plugin(s).connect(request(s), new StubChain());
            assertEquals("ap-south-1", gen.keys.get(0).region());

            AuroraSettings viaUrl = settings(CLUSTER, 3306, Map.of());
            plugin(viaUrl).connect(request(viaUrl, HostSpec.endpoint("10.0.0.13", 3306), Purpose.READER), new StubChain());
            assertEquals("us-east-1", gen.keys.get(1).region(), "an IP from the topology: the cluster endpoint's region");
        }

        @Test
        @DisplayName("no region in any host name and no iamRegion: a configuration error that says to set iamRegion")
        void noRegionIsAConfigurationError() throws SQLException {
            AuroraSettings s = settings("db.example.com", 3306, Map.of());
            StubChain chain = new StubChain();
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> plugin(s).connect(request(s), chain));
            assertEquals("iamRegion", e.property());
            assertTrue(e.getMessage().contains("set iamRegion"), e.getMessage());
            assertTrue(e.getMessage().contains("db.example.com"), e.getMessage());
            assertEquals(InvalidSettingException.SQL_STATE, e.getSQLState());
            assertTrue(chain.requests.isEmpty(), "nothing was sent to the server");
        }

        @Test
        @DisplayName("no user: a configuration error naming user")
        void noUser() throws SQLException {
            AuroraSettings s = AuroraSettings.of(CLUSTER, 3306, "app", Map.of("plugins", "iam"));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> plugin(s).connect(request(s), new StubChain()));
            assertEquals("user", e.property());
        }

        @Test
        @DisplayName("credentials that cannot be resolved: an SQLException with the SDK's reason, 28000")
        void unresolvableCredentials() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            TokenGenerator failing = new SdkTokenGenerator(() -> {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials from any of the providers");
            }, fixedClock());
            SQLException e = assertThrows(SQLException.class, () -> new IamAuthPlugin(s, () -> failing).connect(request(s), new StubChain()));
            assertEquals("28000", e.getSQLState());
            assertTrue(e.getMessage().contains("Unable to load credentials"), e.getMessage());
            assertTrue(e.getMessage().contains("app_user") && e.getMessage().contains("us-east-1"), e.getMessage());
        }

        @Test
        @DisplayName("the password is removed from the request once Connector/J has it")
        void passwordRemovedAfterConnect() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            ConnectRequest req = request(s);
            StubChain chain = new StubChain();
            plugin(s).connect(req, chain);
            assertNotNull(chain.passwords.get(0));
            assertNull(req.properties().getProperty("password"));
        }

        @Test
        @DisplayName("the plugin subscribes to no JDBC method: it only hooks connects")
        void subscribesToNothing() throws Exception {
            IamAuthPlugin p = plugin(settings(CLUSTER, 3306, Map.of()));
            for (var m : java.sql.Connection.class.getMethods()) {
                assertFalse(p.subscribes(m), m::getName);
            }
        }
    }

    @Nested
    @DisplayName("cache and retry")
    class CacheAndRetry {

        @Test
        @DisplayName("connections to the same host reuse one token")
        void reuse() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            StubChain chain = new StubChain();
            for (int i = 0; i < 5; i++) {
                p.connect(request(s), chain);
            }
            assertEquals(1, gen.signed.get());
            assertEquals(1, chain.passwords.stream().distinct().count());
        }

        @Test
        @DisplayName("a login refused with a cached token: one fresh token, one more try, and the connection")
        void retryOnceWithFreshToken() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            p.connect(request(s), new StubChain()); // caches token 1
            StubChain chain = new StubChain().failWith(accessDenied());
            assertNotNull(p.connect(request(s), chain));
            assertEquals(2, chain.passwords.size());
            assertTrue(chain.passwords.get(0).startsWith("SECRET-TOKEN-1-"));
            assertTrue(chain.passwords.get(1).startsWith("SECRET-TOKEN-2-"));
            p.connect(request(s), chain);
            assertTrue(chain.passwords.get(2).startsWith("SECRET-TOKEN-2-"), "the fresh token is cached");
        }

        @Test
        @DisplayName("refused again: the error surfaces after exactly two attempts, and the refused token is not reused")
        void retryOnlyOnce() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            p.connect(request(s), new StubChain());
            StubChain chain = new StubChain().failWith(accessDenied(), accessDenied(), accessDenied());
            SQLException e = assertThrows(SQLException.class, () -> p.connect(request(s), chain));
            assertEquals(1045, e.getErrorCode());
            assertEquals(2, chain.passwords.size());
            p.connect(request(s), new StubChain().failWith());
            assertEquals(3, gen.signed.get(), "the next connect signs anew");
        }

        @Test
        @DisplayName("a fresh token refused: no retry (it would be refused too), and it is not cached")
        void noRetryWithFreshToken() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            StubChain chain = new StubChain().failWith(accessDenied());
            assertThrows(SQLException.class, () -> p.connect(request(s), chain));
            assertEquals(1, chain.passwords.size());
            StubChain next = new StubChain();
            p.connect(request(s), next);
            assertNotEquals(chain.passwords.get(0), next.passwords.get(0));
        }

        @Test
        @DisplayName("a network error is not a login failure: no retry, the token stays cached")
        void networkErrorNoRetry() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            p.connect(request(s), new StubChain());
            SQLException down = new SQLNonTransientConnectionException("Communications link failure", "08S01");
            StubChain chain = new StubChain().failWith(down);
            assertSame(down, assertThrows(SQLException.class, () -> p.connect(request(s), chain)));
            assertEquals(1, chain.passwords.size());
            p.connect(request(s), chain);
            assertEquals(1, gen.signed.get());
        }

        @Test
        @DisplayName("a login failure is recognised by SQLState 28000 or error 1045, also as a cause")
        void loginFailureClassification() {
            assertTrue(IamAuthPlugin.isLoginFailure(new SQLException("denied", "28000")));
            assertTrue(IamAuthPlugin.isLoginFailure(new SQLException("denied", "HY000", 1045)));
            assertTrue(IamAuthPlugin.isLoginFailure(new SQLException("wrapped", "08001", new SQLException("denied", "28000", 1045))));
            assertFalse(IamAuthPlugin.isLoginFailure(new SQLException("link", "08S01")));
        }
    }

    @Nested
    @DisplayName("TLS")
    class Tls {

        @Test
        @DisplayName("sslMode=REQUIRED when the configuration says nothing about TLS")
        void requiredByDefault() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            StubChain chain = new StubChain();
            plugin(s).connect(request(s), chain);
            assertEquals("REQUIRED", chain.sslModeSeen);
        }

        @Test
        @DisplayName("an explicit sslMode is kept")
        void explicitModeKept() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of("sslMode", "VERIFY_IDENTITY"));
            StubChain chain = new StubChain();
            plugin(s).connect(request(s), chain);
            assertEquals("VERIFY_IDENTITY", chain.sslModeSeen);
        }

        @Test
        @DisplayName("TLS turned off (sslMode=DISABLED or useSSL=false): one warning per configuration, without the token")
        void disabledWarnsOnce() throws SQLException {
            for (Map<String, String> off : List.of(Map.of("sslMode", "DISABLED"), Map.of("useSSL", "false"))) {
                AuroraSettings s = settings(CLUSTER, 3306, off);
                IamAuthPlugin p = plugin(s);
                StubChain chain = new StubChain();
                try (LogCapture log = new LogCapture()) {
                    for (int i = 0; i < 3; i++) {
                        p.connect(request(s), chain);
                    }
                    assertEquals(1, log.count(Level.WARNING), () -> off + ": " + log.formatted());
                    String w = log.formatted().get(0);
                    assertTrue(w.contains("TLS is turned off") && w.contains(CLUSTER), w);
                    assertFalse(w.contains(chain.passwords.get(0)), w);
                }
                assertNull(chain.requests.get(0).properties().getProperty("password"));
            }
        }

        @Test
        @DisplayName("mysql_clear_password disabled: a configuration error (Aurora sends the token with it)")
        void clearPasswordPluginDisabled() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of("disabledAuthenticationPlugins", "mysql_clear_password"));
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> plugin(s).connect(request(s), new StubChain()));
            assertEquals("disabledAuthenticationPlugins", e.property());
        }
    }

    @Nested
    @DisplayName("the token never leaks")
    class NoLeak {

        @Test
        @DisplayName("not in any log record at any level, through signing, retry, failure and the TLS warning")
        void notInLogs() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of("sslMode", "DISABLED"));
            SdkTokenGenerator sdk = new SdkTokenGenerator(STATIC_CREDENTIALS, fixedClock());
            IamAuthPlugin p = new IamAuthPlugin(s, () -> sdk);
            StubChain chain = new StubChain();
            try (LogCapture log = new LogCapture()) {
                p.connect(request(s), chain);
                chain.failWith(accessDenied());
                p.connect(request(s), chain); // refused once, retried
                chain.failWith(accessDenied(), accessDenied());
                assertThrows(SQLException.class, () -> p.connect(request(s), chain));
                assertFalse(log.records.isEmpty(), "the scenario logged something to inspect");
                assertTrue(log.records.stream().anyMatch(r -> r.getLevel() == Level.FINE), "the retry is logged at FINE");
                for (String record : log.formatted()) {
                    for (String token : chain.passwords) {
                        assertFalse(record.contains(token), record);
                        assertFalse(record.contains("X-Amz-Signature"), record);
                    }
                }
            }
        }

        @Test
        @DisplayName("not in an exception message, even when the server's error quotes the password")
        void notInExceptions() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            StubChain leaky = new StubChain() {
                @Override
                public java.sql.Connection connect(ConnectRequest req) throws SQLException {
                    super.connect(req);
                    String pw = req.properties().getProperty("password");
                    SQLException inner = new SQLException("handshake failed for " + pw, "08001");
                    throw new SQLException("could not log in with " + pw, "08001", inner);
                }
            };
            SQLException e = assertThrows(SQLException.class, () -> p.connect(request(s), leaky));
            String token = leaky.passwords.get(0);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(token), t.getMessage());
            }
            assertTrue(e.getMessage().contains("<iam-token>"), e.getMessage());
            assertEquals("08001", e.getSQLState());
        }

        @Test
        @DisplayName("not in the plugin's toString")
        void notInToString() throws SQLException {
            AuroraSettings s = settings(CLUSTER, 3306, Map.of());
            IamAuthPlugin p = plugin(s);
            StubChain chain = new StubChain();
            p.connect(request(s), chain);
            assertFalse(p.toString().contains(chain.passwords.get(0)), p::toString);
            assertTrue(p.toString().contains("1 tokens"), p::toString);
        }
    }
}
