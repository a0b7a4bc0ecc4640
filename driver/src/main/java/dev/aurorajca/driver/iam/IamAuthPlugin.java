package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.aws.LoginErrors;
import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The {@code iam} plugin: replaces the password of every physical connection the chain opens
 * (initial, failover, reader, probe and monitoring connections alike, since it is innermost)
 * with an AWS IAM authentication token for the host, port and user being connected.
 *
 * <p>What a user may rely on:
 * <ul>
 *   <li>Tokens are signed locally with credentials from the AWS SDK default chain, or from the
 *       profile named by {@code awsProfile}, for the region in {@code iamRegion} or, when it is
 *       empty, the region in the RDS host name. A host with no region in its name and no
 *       {@code iamRegion} is a configuration error on the first connect.</li>
 *   <li>{@code iamHost} and {@code iamDefaultPort} replace the host and port the token is signed
 *       for (for IP addresses, CNAMEs and tunnels); the connection still goes where it was going.</li>
 *   <li>A token is reused for {@code iamTokenExpiration} seconds per region, host, port and user.
 *       When the server refuses a cached token, one fresh token is signed and the login tried once
 *       more.</li>
 *   <li>Aurora takes the token as a cleartext password ({@code mysql_clear_password}), so TLS is
 *       switched on ({@code sslMode=REQUIRED}) unless the configuration says otherwise; turning it
 *       off is logged once as a warning.</li>
 *   <li>The token never appears in a log record, an exception message or a {@code toString()}.</li>
 *   <li>The AWS SDK ({@code software.amazon.awssdk:rds}) is needed only when this plugin is
 *       configured; without it the first connect fails with an error that names the artifact.</li>
 * </ul>
 *
 * <p>One instance serves every connection of one configuration in one runtime (the runtime
 * shares the pipeline), so its token cache is shared by them; configurations that differ only
 * in, say, a timeout keep separate caches.
 */
public final class IamAuthPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(IamAuthPlugin.class.getName());

    private static final String SQLSTATE_AUTH = LoginErrors.SQLSTATE_AUTH;

    /** Makes the generator on first use, so that a missing SDK is found at connect, not at load. */
    @FunctionalInterface
    interface GeneratorFactory {
        TokenGenerator create() throws SQLException;
    }

    private final AuroraSettings settings;
    private final GeneratorFactory factory;
    private final TokenCache cache;
    private final AtomicBoolean tlsWarningLogged = new AtomicBoolean();
    private volatile TokenGenerator generator;

    /** The plugin as the pipeline creates it: SDK credentials, system clock. */
    public IamAuthPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this(settings, () -> {
            AwsSdk.require(IamAuthPlugin.class.getClassLoader(), AwsSdk.REQUIRED);
            return SdkTokenGenerator.create(settings.awsProfile(), Clock.systemUTC());
        });
    }

    /** For tests: tokens from {@code factory} (static credentials, a fixed clock). */
    IamAuthPlugin(AuroraSettings settings, GeneratorFactory factory) {
        this.settings = settings;
        this.factory = factory;
        this.cache = new TokenCache(settings.iamTokenExpirationSec());
    }

    /**
     * For tests that reach the plugin a runtime created ({@code runtime.pipeline(s).find(…)}):
     * sign with {@code g} from now on. Call it before the first connect.
     */
    void useGenerator(TokenGenerator g) {
        this.generator = g;
    }

    @Override
    public boolean subscribes(Method method) {
        return false; // only the connect hook matters; JDBC calls never pass through here
    }

    @Override
    public Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        Properties props = req.properties();
        String user = props.getProperty("user");
        if (user == null || user.isEmpty()) {
            throw new InvalidSettingException("user", "the iam plugin signs its token for a database user; set 'user' to the "
                    + "database account that has IAM authentication enabled");
        }
        requireTls(props);
        TokenKey key = keyFor(req.host(), user);
        TokenGenerator gen = generator();
        TokenCache.Issued issued = issue(key, gen);
        try {
            props.setProperty("password", issued.token());
            try {
                return next.connect(req);
            } catch (SQLException e) {
                if (!isLoginFailure(e)) {
                    throw scrub(e, issued.token());
                }
                // Never reuse a refused token, whether or not it was cached.
                cache.invalidate(key, issued.token());
                if (!issued.cached()) {
                    throw scrub(e, issued.token());
                }
                // A cached token can be refused when credentials were rotated or the clock moved;
                // RDS throttles IAM logins, so try a fresh one once, not in a loop.
                LOG.fine(() -> "aurora-jca iam: login as " + user + " at " + req.host().hostPort()
                        + " refused the cached token; retrying once with a fresh token");
                TokenCache.Issued fresh = issue(key, gen);
                props.setProperty("password", fresh.token());
                try {
                    return next.connect(req);
                } catch (SQLException e2) {
                    if (isLoginFailure(e2)) {
                        cache.invalidate(key, fresh.token());
                    }
                    throw scrub(scrub(e2, fresh.token()), issued.token());
                }
            }
        } finally {
            // Connector/J has what it needs; leave no token in a request someone might keep or print.
            props.remove("password");
        }
    }

    /** Region, host, port and user the token for a connection to {@code host} is signed for. */
    private TokenKey keyFor(HostSpec host, String user) throws InvalidSettingException {
        String signHost = settings.iamHost().isEmpty() ? host.host() : settings.iamHost();
        int signPort = settings.iamDefaultPort() > 0 ? settings.iamDefaultPort() : host.port();
        String region = settings.iamRegion();
        if (region.isEmpty()) {
            region = RdsRegions.fromHost(signHost)
                    .or(() -> RdsRegions.fromHost(settings.host()))
                    .orElseThrow(() -> new InvalidSettingException(AuroraProperty.IAM_REGION.key(),
                            "no AWS region can be read from host '" + signHost + "' or '" + settings.host()
                            + "' (not RDS endpoint names such as name.cluster-id.us-east-1.rds.amazonaws.com); set "
                            + AuroraProperty.IAM_REGION.key() + " to the cluster's region, e.g. us-east-1"));
        }
        return new TokenKey(region, signHost.toLowerCase(Locale.ROOT), signPort, user);
    }

    private TokenGenerator generator() throws SQLException {
        TokenGenerator g = generator;
        if (g == null) {
            synchronized (this) {
                g = generator;
                if (g == null) {
                    g = factory.create();
                    generator = g;
                }
            }
        }
        return g;
    }

    private TokenCache.Issued issue(TokenKey key, TokenGenerator gen) throws SQLException {
        try {
            return cache.token(key, gen);
        } catch (RuntimeException e) {
            // Credentials that cannot be resolved (no chain member had any, profile missing,
            // metadata endpoint unreachable). The SDK's messages say which; no token exists yet.
            throw new SQLException("aurora-jca iam: could not sign an IAM token for user " + key.user() + " at "
                    + key.host() + ":" + key.port() + " in region " + key.region() + ": " + e.getMessage(), SQLSTATE_AUTH, e);
        }
    }

    /**
     * Turns TLS on unless the configuration chose otherwise, and warns once when it chose off.
     * Connector/J's {@code mysql_clear_password} is built in and enabled; it refuses to run
     * without TLS ("SSL connection required for plugin …"), which is why nothing else is set here:
     * Aurora asks for it (auth switch) for IAM users, and a MySQL or MariaDB account with a
     * native password still works.
     */
    private void requireTls(Properties props) throws InvalidSettingException {
        // One pass: Connector/J matches property names without regard to case.
        String sslMode = null;
        String useSsl = null;
        String requireSsl = null;
        String disabled = null;
        for (String k : props.stringPropertyNames()) {
            if (k.equalsIgnoreCase("sslMode")) {
                sslMode = props.getProperty(k);
            } else if (k.equalsIgnoreCase("useSSL")) {
                useSsl = props.getProperty(k);
            } else if (k.equalsIgnoreCase("requireSSL")) {
                requireSsl = props.getProperty(k);
            } else if (k.equalsIgnoreCase("disabledAuthenticationPlugins")) {
                disabled = props.getProperty(k);
            }
        }
        if (sslMode == null && useSsl == null && requireSsl == null) {
            props.setProperty("sslMode", "REQUIRED");
        } else if ("DISABLED".equalsIgnoreCase(sslMode) || (sslMode == null && "false".equalsIgnoreCase(useSsl))) {
            if (tlsWarningLogged.compareAndSet(false, true)) {
                LOG.warning("aurora-jca iam: TLS is turned off (" + (sslMode != null ? "sslMode=" + sslMode : "useSSL=" + useSsl)
                        + ") for " + settings.host() + ":" + settings.port() + " as user " + settings.user()
                        + ". Aurora and RDS take IAM tokens only as cleartext passwords over TLS: Connector/J will refuse to send "
                        + "one without TLS, and anyone on the network path could read it and log in for up to 15 minutes. "
                        + "Remove the setting; with iam the driver uses sslMode=REQUIRED by default.");
            }
        }
        if (disabled != null && (disabled.contains("mysql_clear_password") || disabled.contains("MysqlClearPasswordPlugin"))) {
            throw new InvalidSettingException("disabledAuthenticationPlugins", disabled,
                    "a list without mysql_clear_password: Aurora IAM authentication sends the token with it");
        }
    }

    static boolean isLoginFailure(SQLException e) {
        return LoginErrors.isLoginFailure(e);
    }

    /**
     * {@code e}, or a copy without {@code token} when any message in its chain contains it (a
     * token that leaked into a log would let anyone log in for 15 minutes). Failure path only.
     */
    static SQLException scrub(SQLException e, String token) {
        return LoginErrors.scrub(e, token, "<iam-token>");
    }

    @Override
    public String toString() {
        return "IamAuthPlugin[region=" + (settings.iamRegion().isEmpty() ? "<from host name>" : settings.iamRegion())
                + (settings.iamHost().isEmpty() ? "" : ", iamHost=" + settings.iamHost())
                + (settings.iamDefaultPort() > 0 ? ", iamDefaultPort=" + settings.iamDefaultPort() : "")
                + ", tokens=" + cache + "]";
    }
}
