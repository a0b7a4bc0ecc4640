package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.clustersim.jdbc.StubJdbc;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.iam.IamBenchAccess;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM token generation with static credentials (issue 8), warm JVM.
 * <ul>
 *   <li>{@code sign}: the driver's signer alone ({@code SdkTokenGenerator.generate}), one token.</li>
 *   <li>{@code sdkRdsUtilities}: the SDK's {@code RdsUtilities.generateAuthenticationToken} (what
 *       the AWS wrapper's IAM plugin calls), one token: the peer.</li>
 *   <li>{@code pluginConnectMiss}: the plugin's whole connect hook over a stub chain with a clock
 *       moved 900 s forward before every call, so every call signs a fresh token.</li>
 *   <li>{@code pluginConnectHit}: the same with a fixed clock: the cached token.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class IamBenchmark {

    static final String HOST = "instance-1.czsimclusterx.us-east-1.rds.amazonaws.com";
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    /** A clock the benchmark moves. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private Supplier<String> signer;
    private RdsUtilities rds;
    private final MovableClock missClock = new MovableClock();
    private ConnectionPlugin missPlugin;
    private ConnectionPlugin hitPlugin;
    private ConnectRequest missRequest;
    private ConnectRequest hitRequest;
    private ConnectChain stub;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        signer = IamBenchAccess.signer(CREDENTIALS, Clock.systemUTC(), "us-east-1", HOST, 3306, "app");
        rds = RdsUtilities.builder().credentialsProvider(CREDENTIALS).region(Region.US_EAST_1).build();
        AuroraSettings s = AuroraSettings.of(HOST, 3306, "app", Map.of("user", "app", "plugins", "iam"));
        HostSpec h = HostSpec.endpoint(HOST, 3306);
        missPlugin = IamBenchAccess.plugin(s, CREDENTIALS, missClock);
        hitPlugin = IamBenchAccess.plugin(s, CREDENTIALS, Clock.systemUTC());
        missRequest = ConnectRequest.of(h, ConnectRequest.Purpose.INITIAL, s);
        hitRequest = ConnectRequest.of(h, ConnectRequest.Purpose.INITIAL, s);
        Connection c = StubJdbc.silent().connection();
        stub = req -> c;
        hitPlugin.connect(hitRequest, stub); // fills the cache
    }

    @Benchmark
    public String sign() {
        return signer.get();
    }

    @Benchmark
    public String sdkRdsUtilities() {
        return rds.generateAuthenticationToken(b -> b.hostname(HOST).port(3306).username("app"));
    }

    @Benchmark
    public Connection pluginConnectMiss() throws SQLException {
        missClock.now = missClock.now.plus(Duration.ofSeconds(900));
        return missPlugin.connect(missRequest, stub);
    }

    @Benchmark
    public Connection pluginConnectHit() throws SQLException {
        return hitPlugin.connect(hitRequest, stub);
    }
}
