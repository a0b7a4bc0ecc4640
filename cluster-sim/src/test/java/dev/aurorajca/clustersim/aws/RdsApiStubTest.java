package dev.aurorajca.clustersim.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The RDS API stub's Query protocol over raw HTTP: answers, error shapes, refused requests, throttling. */
@DisplayName("RdsApiStub speaks the RDS Query API")
@org.junit.jupiter.api.Tag("unit")
class RdsApiStubTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(RdsApiStub stub, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stub.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String auth(RdsApiStub stub, String region, String service) {
        return "AWS4-HMAC-SHA256 Credential=" + stub.accessKeyId() + "/20260101/" + region + "/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "a".repeat(64);
    }

    @Test
    @DisplayName("DescribeDBClusterEndpoints by identifier; unknown action, unsigned and wrongly scoped requests, throttling")
    void protocol() throws Exception {
        try (RdsApiStub stub = RdsApiStub.start()) {
            stub.putCustomEndpoint(new RdsApiStub.CustomEndpoint("reporting", "sim", "reporting.cluster-custom-x.us-east-1.rds.amazonaws.com",
                    "READER", List.of("instance-2", "instance-3"), List.of()));
            stub.putCustomEndpoint(new RdsApiStub.CustomEndpoint("other", "sim", "other.cluster-custom-x.us-east-1.rds.amazonaws.com",
                    "ANY", List.of(), List.of("instance-1")));
            String ok = auth(stub, "us-east-1", "rds");
            HttpResponse<String> r = post(stub, "Action=DescribeDBClusterEndpoints&Version=2014-10-31&DBClusterEndpointIdentifier=reporting"
                    + "&Filters.Filter.1.Name=db-cluster-endpoint-type&Filters.Filter.1.Values.Value.1=custom", ok);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("<DBClusterEndpointList>"), r.body());
            assertTrue(r.body().contains("<CustomEndpointType>READER</CustomEndpointType>"), r.body());
            assertTrue(r.body().contains("<member>instance-3</member>"), r.body());
            assertFalse(r.body().contains("other"), "narrowed to the identifier: " + r.body());

            HttpResponse<String> all = post(stub, "Action=DescribeDBClusterEndpoints&Version=2014-10-31&DBClusterIdentifier=sim", ok);
            assertTrue(all.body().contains("<ExcludedMembers>") && all.body().contains("reporting"), all.body());

            HttpResponse<String> bad = post(stub, "Action=DescribeDBInstances&Version=2014-10-31", ok);
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("<Code>InvalidAction</Code>"), bad.body());

            assertEquals(403, post(stub, "Action=DescribeDBClusterEndpoints", null).statusCode());
            HttpResponse<String> scoped = post(stub, "Action=DescribeDBClusterEndpoints", auth(stub, "eu-west-1", "rds"));
            assertEquals(403, scoped.statusCode());
            assertTrue(scoped.body().contains("<Code>SignatureDoesNotMatch</Code>"), scoped.body());

            int before = stub.describeCount();
            stub.throttle(true);
            HttpResponse<String> t = post(stub, "Action=DescribeDBClusterEndpoints&Version=2014-10-31", ok);
            assertEquals(400, t.statusCode());
            assertTrue(t.body().contains("<Code>Throttling</Code>"), t.body());
            assertEquals(before + 1, stub.describeCount());
            stub.throttle(false);
            assertEquals(200, post(stub, "Action=DescribeDBClusterEndpoints&Version=2014-10-31", ok).statusCode());
        }
    }
}
