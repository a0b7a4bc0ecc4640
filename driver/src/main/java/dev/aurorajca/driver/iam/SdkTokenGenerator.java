package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.aws.AwsCredentialSources;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * The only class that links to the AWS SDK. It signs the same request as
 * {@code RdsUtilities.generateAuthenticationToken} (SDK 2.40.2):
 * {@code GET https://host:port/?Action=connect&DBUser=user}, SigV4 in the query string, service
 * {@code rds-db}, valid 15 minutes. The unit tests check that both produce the same signature and
 * parameters (the current signer lists {@code X-Amz-Expires} after {@code X-Amz-Credential}, the
 * legacy one before; the server reads parameters by name). It calls the signer rather than
 * {@code RdsUtilities} because only the signer takes a clock, and the tests need one.
 *
 * <p>Signing is local: no HTTP call, so no SDK HTTP client module is needed. Resolving
 * credentials may call the container or instance metadata endpoint; the SDK does that over
 * {@code java.net} and caches the result inside the provider.
 */
final class SdkTokenGenerator implements TokenGenerator {

    /** What RDS accepts at most, and what RdsUtilities signs for. */
    static final Duration VALIDITY = Duration.ofMinutes(15);
    private static final String SERVICE = "rds-db";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final Clock clock;

    SdkTokenGenerator(AwsCredentialsProvider credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The production generator: credentials from the named profile when {@code awsProfile} is set,
     * otherwise from the SDK default chain (system properties, environment, web identity, profile,
     * container, instance). Each plugin gets its own provider (not the SDK's shared singleton) so
     * that two runtimes never share credential state.
     */
    static TokenGenerator create(String awsProfile, Clock clock) {
        return new SdkTokenGenerator(AwsCredentialSources.provider(awsProfile), clock);
    }

    @Override
    public String generate(TokenKey key) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(key.host())
                .port(key.port())
                .encodedPath("/")
                .putRawQueryParameter("DBUser", key.user())
                .putRawQueryParameter("Action", "connect")
                .build();
        AwsCredentials identity = credentials.resolveCredentials();
        String url = signer.sign(r -> r
                        .identity(identity)
                        .request(request)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, key.region())
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, VALIDITY)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request().getUri().toString();
        return url.substring("https://".length());
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "SdkTokenGenerator[" + credentials.getClass().getSimpleName() + "]"; // never the keys
    }
}
