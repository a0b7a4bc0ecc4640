package dev.aurorajca.driver.secrets;

import dev.aurorajca.driver.aws.AwsSdk;
import dev.aurorajca.driver.aws.LoginErrors;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.SecretsManagerSettings;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.PluginRuntime;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The {@code aws_secrets_manager} plugin (aliases {@code awsSecretsManager},
 * {@code awsSecretsManager2}): the user and password of every physical connection the chain
 * opens — initial, reader, failover, topology probe and host monitoring connections alike, since
 * it sits inside every plugin that opens connections — come from an AWS Secrets Manager secret.
 *
 * <p>What a user may rely on:
 * <ul>
 *   <li>The secret is {@code secretsManagerSecretId} (name or ARN) in {@code secretsManagerRegion}
 *       (default: the ARN's region, else the {@code secretsManagerEndpoint} host's), read with
 *       credentials from the SDK default chain or the {@code awsProfile} profile, through
 *       {@code secretsManagerEndpoint} when set. Its {@code SecretString} is a JSON object whose
 *       {@code secretsManagerSecretUsernameProperty} / {@code secretsManagerSecretPasswordProperty}
 *       keys ({@code username} / {@code password}) hold the login; they replace any configured
 *       {@code user} and {@code password}.</li>
 *   <li>One cache per runtime, keyed by secret, region, endpoint, credential source and JSON keys:
 *       a pool of connections costs one {@code GetSecretValue}; the cache refreshes itself in the
 *       background before {@code secretsManagerExpirationTimeSec}, and keeps serving the cached
 *       value while Secrets Manager cannot be reached.</li>
 *   <li>Rotation: when the database refuses the login (1045 / 28000), the secret is read again,
 *       bypassing the cache, and the login retried once with the new value. With
 *       {@code secretsManagerConnectRetryTimeoutMs} &gt; 0 it keeps reading and retrying, with
 *       backoff, for that long — enough to ride out the window in which the database and the
 *       secret disagree. A refused login with an unchanged secret and no retry window fails at once.</li>
 *   <li>A missing secret fails with an error naming {@code secretsManagerSecretId} and the id; a
 *       secret without the expected keys with one naming the key and the property that sets it.</li>
 *   <li>The secret's value never appears in a log record, an exception message or a {@code toString()}.</li>
 *   <li>The AWS SDK ({@code software.amazon.awssdk:secretsmanager} and {@code url-connection-client})
 *       is needed only when this plugin is configured; without it the first connect fails with an
 *       error that names the artifacts.</li>
 * </ul>
 */
public final class SecretsManagerPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(SecretsManagerPlugin.class.getName());
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** Makes the fetcher on first use, so that a missing SDK is found at connect, not at load. */
    @FunctionalInterface
    interface FetcherFactory {
        SecretFetcher create() throws SQLException;
    }

    private final SecretsManagerSettings sm;
    private final SecretKey key;
    private final long lifetimeMs;
    private final SecretCache cache;
    private final FetcherFactory factory;
    private volatile SecretFetcher fetcher;

    /** The plugin as the pipeline creates it: the runtime's cache, the SDK client. */
    public SecretsManagerPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this(settings, runtime.service(SecretCache.class, r -> new SecretCache(r.scheduler(), System::currentTimeMillis)), () -> {
            AwsSdk.require(SecretsManagerPlugin.class.getClassLoader(), "aws_secrets_manager", SecretsManagerSdk.ARTIFACT,
                    SecretsManagerSdk.REQUIRED);
            return SdkSecretFetcher.create(settings.secretsManager(), settings.awsProfile());
        });
    }

    /** For tests: a given cache and fetcher. */
    SecretsManagerPlugin(AuroraSettings settings, SecretCache cache, FetcherFactory factory) {
        this.sm = settings.secretsManager();
        this.key = new SecretKey(sm.secretId(), sm.region(), sm.endpoint() == null ? "" : sm.endpoint().toString(),
                AwsSdk.credentialSource(settings.awsProfile()), sm.usernameKey(), sm.passwordKey());
        this.lifetimeMs = TimeUnit.SECONDS.toMillis(sm.expirationSec());
        this.cache = cache;
        this.factory = factory;
    }

    @Override
    public boolean subscribes(Method method) {
        return false; // only the connect hook matters; JDBC calls never pass through here
    }

    @Override
    public Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        Properties props = req.properties();
        SecretFetcher f = fetcher();
        DbCredentials used = cache.get(key, lifetimeMs, f).credentials();
        List<String> tried = new ArrayList<>(2);
        try {
            tried.add(used.password());
            apply(props, used);
            try {
                return next.connect(req);
            } catch (SQLException e) {
                if (!LoginErrors.isLoginFailure(e)) {
                    throw scrub(e, tried);
                }
                return retryAfterRefusedLogin(req, next, f, used, scrub(e, tried), tried);
            }
        } finally {
            // Connector/J has what it needs; leave no password in a request someone might keep or print.
            props.remove("password");
        }
    }

    /**
     * The login with {@code rejected} was refused: the secret may have been rotated. Reads it again
     * (bypassing the cache) and retries once, or, with a retry window, until the window closes.
     */
    private Connection retryAfterRefusedLogin(ConnectRequest req, ConnectChain next, SecretFetcher f, DbCredentials rejected,
                                              SQLException refused, List<String> tried) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sm.connectRetryTimeoutMs());
        long backoff = FIRST_BACKOFF_MS;
        SQLException last = refused;
        int attempts = 0;
        while (true) {
            DbCredentials got;
            try {
                got = cache.refetch(key, rejected, lifetimeMs, f);
            } catch (SQLException fe) {
                if (sm.connectRetryTimeoutMs() == 0 || deadline - System.nanoTime() <= 0) {
                    SQLException out = withNote(last, "the login with " + key + " (version " + rejected.versionId()
                            + ") was refused and reading the secret again failed: " + fe.getMessage());
                    throw scrub(out, tried);
                }
                // A passing Secrets Manager failure inside the retry window: keep the refused login as
                // the error to report, and try again after the backoff.
                LOG.fine(() -> "aurora-jca aws_secrets_manager: reading " + key + " again failed; retrying: " + fe.getMessage());
                got = rejected;
            }
            DbCredentials fresh = got;
            if (!fresh.equals(rejected)) {
                attempts++;
                String refusedVersion = rejected.versionId();
                LOG.fine(() -> "aurora-jca aws_secrets_manager: login at " + req.host().hostPort() + " refused with version "
                        + refusedVersion + "; retrying with version " + fresh.versionId());
                tried.add(fresh.password());
                apply(req.properties(), fresh);
                try {
                    return next.connect(req);
                } catch (SQLException e) {
                    if (!LoginErrors.isLoginFailure(e)) {
                        throw scrub(e, tried);
                    }
                    last = scrub(e, tried);
                    rejected = fresh;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                int n = attempts;
                String versionId = rejected.versionId();
                throw withNote(last, "the database refused the login with " + key + " (version " + versionId + ")"
                        + (n == 0 ? "; reading the secret again gave the same value" : " after " + n + " retr" + (n == 1 ? "y" : "ies")
                        + " with a newly read value")
                        + (sm.connectRetryTimeoutMs() > 0 ? " within secretsManagerConnectRetryTimeoutMs=" + sm.connectRetryTimeoutMs()
                        : "; set secretsManagerConnectRetryTimeoutMs to keep retrying across a rotation"));
            }
            // Inside a rotation window: the database and the secret disagree for a moment.
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(backoff)));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw withNote(last, "interrupted while waiting to retry the login");
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private static void apply(Properties props, DbCredentials c) {
        props.setProperty("user", c.username());
        props.setProperty("password", c.password());
    }

    /** {@code e} with {@code note} added, keeping its SQLState and vendor code (1045 stays 1045). */
    private static SQLException withNote(SQLException e, String note) {
        SQLException out = new SQLException(e.getMessage() + " [aurora-jca aws_secrets_manager: " + note + "]", e.getSQLState(),
                e.getErrorCode(), e);
        return out;
    }

    private static SQLException scrub(SQLException e, List<String> passwords) {
        SQLException out = e;
        for (String p : passwords) {
            out = LoginErrors.scrub(out, p, "<secret>");
        }
        return out;
    }

    private SecretFetcher fetcher() throws SQLException {
        SecretFetcher f = fetcher;
        if (f == null) {
            synchronized (this) {
                f = fetcher;
                if (f == null) {
                    f = factory.create();
                    fetcher = f;
                }
            }
        }
        return f;
    }

    @Override
    public void close() {
        SecretFetcher f = fetcher;
        fetcher = null;
        if (f != null) {
            f.close();
        }
    }

    @Override
    public String toString() {
        return "SecretsManagerPlugin[" + key + ", expirationSec=" + sm.expirationSec()
                + ", connectRetryTimeoutMs=" + sm.connectRetryTimeoutMs() + "]";
    }
}
