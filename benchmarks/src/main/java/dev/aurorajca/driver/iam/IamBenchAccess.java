package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Benchmarks only (this module, not the driver): reaches the {@code iam} plugin's package-private
 * test seams — static credentials and a clock — the way the driver's own unit tests do. It lives
 * in the driver's package on the benchmark classpath (no JPMS), so the driver needs no public
 * hook for it.
 */
public final class IamBenchAccess {

    private IamBenchAccess() { }

    /** One token signed for (region, host, port, user) per call: the cost of a cache miss's signing. */
    public static Supplier<String> signer(AwsCredentialsProvider credentials, Clock clock, String region, String host, int port, String user) {
        SdkTokenGenerator g = new SdkTokenGenerator(credentials, clock);
        TokenKey key = new TokenKey(region, host, port, user);
        return () -> g.generate(key);
    }

    /** The plugin as the pipeline would use it, but signing with {@code credentials} and {@code clock}. */
    public static ConnectionPlugin plugin(AuroraSettings settings, AwsCredentialsProvider credentials, Clock clock) {
        SdkTokenGenerator g = new SdkTokenGenerator(credentials, clock);
        return new IamAuthPlugin(settings, () -> g);
    }
}
