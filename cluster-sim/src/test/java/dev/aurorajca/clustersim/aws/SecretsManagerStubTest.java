package dev.aurorajca.clustersim.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stub over raw HTTP: what a Secrets Manager client sends and gets back. (The real AWS SDK
 * against the stub is tested where the SDK is a dependency: the driver and the rar.)
 */
@DisplayName("SecretsManagerStub speaks the Secrets Manager JSON protocol")
@org.junit.jupiter.api.Tag("unit")
class SecretsManagerStubTest {

    private SecretsManagerStub stub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        stub = SecretsManagerStub.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private String auth(String accessKey, String region) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/" + region + "/secretsmanager/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64);
    }

    private HttpResponse<String> call(String target, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(stub.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String body) throws Exception {
        return call("secretsmanager.GetSecretValue", body, auth(stub.accessKeyId(), stub.region()));
    }

    @Test
    @DisplayName("GetSecretValue by name and by ARN answers ARN, Name, VersionId, SecretString, VersionStages, CreatedDate")
    void getSecretValue() throws Exception {
        String arn = stub.putCredentials("app/db", "app", "p\"w\\1");
        assertTrue(arn.startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-"), arn);
        HttpResponse<String> r = get("{\"SecretId\":\"app/db\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").orElse(""));
        Map<String, String> m = SecretsManagerStub.Json.parseFlatObject(r.body());
        assertEquals(arn, m.get("ARN"));
        assertEquals("app/db", m.get("Name"));
        assertEquals("{\"username\":\"app\",\"password\":\"p\\\"w\\\\1\"}", m.get("SecretString"), "escaped JSON inside JSON");
        assertTrue(r.body().contains("\"VersionStages\":[\"AWSCURRENT\"]"), r.body());
        assertTrue(m.get("CreatedDate").matches("\\d+\\.\\d+"), r.body());
        assertEquals(200, get("{\"SecretId\":\"" + arn + "\"}").statusCode());
        assertEquals(200, get("{\"SecretId\":\"" + arn.substring(0, arn.length() - 7) + "\"}").statusCode(), "partial ARN");
        assertEquals(3, stub.getSecretValueCount("app/db"));
    }

    @Test
    @DisplayName("a new version becomes AWSCURRENT and the old one AWSPREVIOUS")
    void versions() throws Exception {
        stub.putSecret("s", "one");
        String v1 = SecretsManagerStub.Json.parseFlatObject(get("{\"SecretId\":\"s\"}").body()).get("VersionId");
        HttpResponse<String> put = call("secretsmanager.PutSecretValue", "{\"SecretId\":\"s\",\"SecretString\":\"two\"}",
                auth(stub.accessKeyId(), stub.region()));
        assertEquals(200, put.statusCode(), put.body());
        Map<String, String> current = SecretsManagerStub.Json.parseFlatObject(get("{\"SecretId\":\"s\"}").body());
        assertEquals("two", current.get("SecretString"));
        Map<String, String> previous = SecretsManagerStub.Json.parseFlatObject(
                get("{\"SecretId\":\"s\",\"VersionStage\":\"AWSPREVIOUS\"}").body());
        assertEquals("one", previous.get("SecretString"));
        assertEquals(v1, previous.get("VersionId"));
        assertEquals("one", SecretsManagerStub.Json.parseFlatObject(get("{\"SecretId\":\"s\",\"VersionId\":\"" + v1 + "\"}").body())
                .get("SecretString"));
    }

    @Test
    @DisplayName("errors have AWS's shape: unknown secret, unsigned, foreign key, wrong region, unknown operation")
    void errors() throws Exception {
        HttpResponse<String> missing = get("{\"SecretId\":\"nope\"}");
        assertEquals(400, missing.statusCode());
        assertEquals("ResourceNotFoundException", missing.headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertEquals("ResourceNotFoundException", SecretsManagerStub.Json.parseFlatObject(missing.body()).get("__type"));
        assertEquals(1, stub.getSecretValueCount("nope"));

        stub.putSecret("s", "v");
        assertEquals("MissingAuthenticationTokenException",
                call("secretsmanager.GetSecretValue", "{\"SecretId\":\"s\"}", null).headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertEquals("UnrecognizedClientException", call("secretsmanager.GetSecretValue", "{\"SecretId\":\"s\"}",
                auth("AKIAOTHER", stub.region())).headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertEquals("InvalidSignatureException", call("secretsmanager.GetSecretValue", "{\"SecretId\":\"s\"}",
                auth(stub.accessKeyId(), "eu-west-1")).headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertEquals("UnknownOperationException", call("secretsmanager.DeleteSecret", "{\"SecretId\":\"s\"}",
                auth(stub.accessKeyId(), stub.region())).headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertFalse(missing.body().contains("\"v\""));
    }

    @Test
    @DisplayName("down() refuses connections, up() listens again on the same port")
    void downAndUp() throws Exception {
        stub.putSecret("s", "v");
        int port = stub.port();
        stub.down();
        assertFalse(stub.isUp());
        assertThrows(ConnectException.class, () -> get("{\"SecretId\":\"s\"}"));
        stub.up();
        assertEquals(port, stub.endpoint().getPort());
        assertEquals(200, get("{\"SecretId\":\"s\"}").statusCode());
        assertEquals(URI.create("http://127.0.0.1:" + port), stub.endpoint());
    }
}
