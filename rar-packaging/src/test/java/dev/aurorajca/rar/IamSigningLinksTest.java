package dev.aurorajca.rar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * The rar bundles the AWS SDK without its HTTP client modules. This test runs on exactly the
 * rar's runtime classpath (plus JUnit) and proves that what the driver's iam plugin does —
 * build a default credentials provider, SigV4-sign an {@code rds-db connect} request in the
 * query string — links and works without them.
 */
@DisplayName("IAM token signing works with the SDK jars the rar bundles")
class IamSigningLinksTest {

    @Test
    @DisplayName("a token can be signed with the bundled SDK, without an SDK HTTP client module")
    void signsWithoutHttpClient() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"));

        assertNotNull(DefaultCredentialsProvider.builder().build());
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("https")
                .host("mydb.cluster-abc123.us-east-1.rds.amazonaws.com").port(3306).encodedPath("/")
                .putRawQueryParameter("DBUser", "app").putRawQueryParameter("Action", "connect").build();
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        String url = AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
                        .request(request)
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15))
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request().getUri().toString();
        assertTrue(url.contains("X-Amz-Signature="), url);
        assertTrue(url.contains("X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Frds-db%2Faws4_request"), url);
        assertFalse(url.contains("wJalrXUtnFEMI"), "the secret key never appears in a token");
    }
}
