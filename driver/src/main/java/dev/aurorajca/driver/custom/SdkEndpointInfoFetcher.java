package dev.aurorajca.driver.custom;

import dev.aurorajca.driver.aws.AwsCredentialSources;
import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.CustomEndpointSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.rds.model.DBClusterEndpoint;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterEndpointsResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The only class that links to the RDS SDK for custom endpoints: {@code DescribeDBClusterEndpoints}
 * with the JDK-based HTTP client, credentials from {@link AwsCredentialSources}, the region and
 * endpoint override from the settings. One attempt per call (no SDK retries): the monitor retries
 * on its own schedule and backs off when throttled.
 */
final class SdkEndpointInfoFetcher implements EndpointInfoFetcher {

    static final String ARTIFACT = "software.amazon.awssdk:rds (with software.amazon.awssdk:url-connection-client)";
    static final String[] REQUIRED = {
        "software.amazon.awssdk.services.rds.RdsClient",
        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient",
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
    };

    private final RdsClient client;

    private SdkEndpointInfoFetcher(RdsClient client) {
        this.client = client;
    }

    static EndpointInfoFetcher create(CustomEndpointSettings s, String awsProfile) {
        RdsClientBuilder b = RdsClient.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(AwsCredentialSources.provider(awsProfile))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(c -> c
                        .apiCallTimeout(Duration.ofSeconds(15))
                        .retryStrategy(r -> r.maxAttempts(1)));
        if (s.rdsEndpoint() != null) {
            b.endpointOverride(s.rdsEndpoint());
        }
        return new SdkEndpointInfoFetcher(b.build());
    }

    @Override
    public CustomEndpointInfo fetch(String endpointId) throws SQLException {
        DescribeDbClusterEndpointsResponse r;
        try {
            r = client.describeDBClusterEndpoints(b -> b.dbClusterEndpointIdentifier(endpointId)
                    .filters(Filter.builder().name("db-cluster-endpoint-type").values("custom").build()));
        } catch (RdsException e) {
            if (e.isThrottlingException() || (e.awsErrorDetails() != null && "Throttling".equals(e.awsErrorDetails().errorCode()))) {
                throw new ThrottledException("aurora-jca custom_endpoint: DescribeDBClusterEndpoints for '" + endpointId
                        + "' was throttled: " + e.getMessage(), e);
            }
            throw new SQLException("aurora-jca custom_endpoint: DescribeDBClusterEndpoints for '" + endpointId + "' failed: "
                    + e.getMessage(), "08001", e);
        } catch (SdkException e) {
            throw new SQLException("aurora-jca custom_endpoint: DescribeDBClusterEndpoints for '" + endpointId + "' failed: "
                    + e.getMessage(), "08001", e);
        }
        List<DBClusterEndpoint> list = r.dbClusterEndpoints();
        for (DBClusterEndpoint e : list) {
            if (endpointId.equalsIgnoreCase(e.dbClusterEndpointIdentifier())) {
                return new CustomEndpointInfo(endpointId, e.customEndpointType(), new LinkedHashSet<>(e.staticMembers()),
                        new LinkedHashSet<>(e.excludedMembers()));
            }
        }
        throw new SQLException("aurora-jca custom_endpoint: RDS knows no custom endpoint '" + endpointId + "' (the URL host's first label); "
                + "check the URL host, " + AuroraProperty.CUSTOM_ENDPOINT_REGION.key() + " and "
                + AuroraProperty.CUSTOM_ENDPOINT_RDS_ENDPOINT.key(), "08001");
    }

    @Override
    public void close() {
        client.close();
    }
}
