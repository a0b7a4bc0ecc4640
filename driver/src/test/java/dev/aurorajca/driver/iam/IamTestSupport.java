package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Fakes shared by the iam unit and cluster tests. */
final class IamTestSupport {

    /** The AWS documentation's example key pair: static, never valid anywhere. */
    static final StaticCredentialsProvider STATIC_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    static final StaticCredentialsProvider SESSION_CREDENTIALS = StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"));
    static final Instant FIXED_TIME = Instant.parse("2025-01-02T03:04:05Z");

    private IamTestSupport() { }

    static Clock fixedClock() {
        return Clock.fixed(FIXED_TIME, ZoneOffset.UTC);
    }

    static AuroraSettings settings(String host, int port, Map<String, String> extra) throws SQLException {
        Map<String, String> p = new HashMap<>();
        p.put("user", "app_user");
        p.put("plugins", "iam");
        p.putAll(extra);
        return AuroraSettings.of(host, port, "app", p);
    }

    /** A clock a test moves by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now = FIXED_TIME;

        void advance(Duration d) { now = now.plus(d); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Hands out {@code SECRET-TOKEN-<n>-<key>} and remembers each key it signed for. */
    static final class CountingGenerator implements TokenGenerator {
        final TestClock clock = new TestClock();
        final AtomicInteger signed = new AtomicInteger();
        final List<TokenKey> keys = new CopyOnWriteArrayList<>();

        @Override
        public String generate(TokenKey key) {
            keys.add(key);
            return "SECRET-TOKEN-" + signed.incrementAndGet() + "-" + key;
        }

        @Override
        public Clock clock() { return clock; }
    }

    /** A connect chain that records what reached it and fails as told. */
    static class StubChain implements ConnectChain {
        final List<String> passwords = new ArrayList<>();
        final List<ConnectRequest> requests = new ArrayList<>();
        final List<SQLException> failures = new ArrayList<>();
        String sslModeSeen;

        /** The next connects fail with these, in order; then they succeed. */
        StubChain failWith(SQLException... es) {
            failures.addAll(List.of(es));
            return this;
        }

        @Override
        public Connection connect(ConnectRequest req) throws SQLException {
            requests.add(req);
            passwords.add(req.properties().getProperty("password"));
            sslModeSeen = req.properties().getProperty("sslMode");
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (p, m, a) -> m.getName().equals("toString") ? "stub-connection" : null);
        }
    }

    static SQLException accessDenied() {
        return new SQLException("Access denied for user 'app_user'@'10.0.0.1' (using password: YES)", "28000", 1045);
    }

    /** Every JUL record of the driver's loggers while open, at every level. */
    static final class LogCapture extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("dev.aurorajca");
        private final Level previous;
        private final SimpleFormatter formatter = new SimpleFormatter();

        LogCapture() {
            previous = logger.getLevel();
            logger.setLevel(Level.ALL);
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        /** Each record as a handler would write it: message, parameters and stack trace. */
        List<String> formatted() {
            List<String> out = new ArrayList<>();
            for (LogRecord r : records) {
                out.add(formatter.format(r));
            }
            return out;
        }

        long count(Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).count();
        }

        @Override public void publish(LogRecord record) { records.add(record); }
        @Override public void flush() { }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }
    }
}
