package dev.aurorajca.clustersim.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Amazon RDS API that speaks its wire protocol (the AWS Query protocol:
 * {@code POST /} with a form-encoded {@code Action=…&Version=2014-10-31&…} body, XML answers in
 * the RDS namespace), so the real AWS SDK can be pointed at it with an endpoint override — in
 * aurora-jca, the {@code customEndpointRdsEndpoint} property.
 *
 * <p>What a user may rely on:
 * <ul>
 *   <li>{@code DescribeDBClusterEndpoints} answers with the custom endpoints defined with
 *       {@link #putCustomEndpoint}, optionally narrowed by {@code DBClusterEndpointIdentifier} and
 *       {@code DBClusterIdentifier}; each carries {@code DBClusterEndpointIdentifier},
 *       {@code DBClusterIdentifier}, {@code Endpoint}, {@code Status} ({@code available}),
 *       {@code EndpointType} ({@code CUSTOM}), {@code CustomEndpointType}, {@code StaticMembers} and
 *       {@code ExcludedMembers} like the real service. Member names are instance identifiers — for a
 *       cluster-sim cluster in Aurora mode, {@code instance-N} as {@code @@aurora_server_id} reports them.
 *       Any other action is {@code InvalidAction} (HTTP 400).</li>
 *   <li>{@link #throttle(boolean)}: while on, every call is refused with the {@code Throttling}
 *       error RDS sends when the request rate is exceeded (HTTP 400), so a client's backoff can be
 *       tested; {@link #describeCallTimesNanos()} says when each call arrived.</li>
 *   <li>Requests must be SigV4-signed ({@code Authorization: AWS4-HMAC-SHA256 Credential=…}) for
 *       service {@code rds}, this stub's region and {@link #accessKeyId()}; anything else is refused
 *       with the error code AWS uses. The signature itself is not recomputed.</li>
 *   <li>It listens on 127.0.0.1 only, on a free port unless one is given, and starts no thread of its
 *       own beyond the JDK HTTP server's dispatcher ({@link #close()} ends it).</li>
 * </ul>
 */
public final class RdsApiStub implements AutoCloseable {

  private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*SignedHeaders=[^,]+,\\s*Signature=[0-9a-f]{64}");

  /**
   * One custom endpoint as RDS describes it.
   *
   * @param identifier the endpoint's identifier (the first label of its host name)
   * @param clusterIdentifier the cluster it belongs to
   * @param host its host name
   * @param type {@code READER} or {@code ANY}
   * @param staticMembers instance identifiers (empty: none)
   * @param excludedMembers instance identifiers (empty: none)
   */
  public record CustomEndpoint(String identifier, String clusterIdentifier, String host, String type,
                               List<String> staticMembers, List<String> excludedMembers) {
    public CustomEndpoint {
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(clusterIdentifier, "clusterIdentifier");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(type, "type");
      staticMembers = List.copyOf(staticMembers);
      excludedMembers = List.copyOf(excludedMembers);
    }
  }

  private final String region;
  private final String accessKeyId = "AKIASTUBRDSAPI000001";
  private final String secretAccessKey = "stub-rds-secret-access-key-for-tests-only";
  private final Map<String, CustomEndpoint> endpoints = new ConcurrentHashMap<>();
  private final List<Long> describeTimes = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile boolean throttling;

  private RdsApiStub(String region, int port) throws IOException {
    this.region = region;
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (BindException e) {
      throw new IOException("RDS API stub: port " + port + " on 127.0.0.1 is in use (" + e.getMessage() + ")", e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a stub for region {@code us-east-1} on a free port of 127.0.0.1. */
  public static RdsApiStub start() throws IOException {
    return start("us-east-1", 0);
  }

  /** Starts a stub for {@code region} on {@code port} of 127.0.0.1 (0: a free port). */
  public static RdsApiStub start(String region, int port) throws IOException {
    return new RdsApiStub(Objects.requireNonNull(region, "region"), port);
  }

  /** {@code http://127.0.0.1:PORT}: give it to the SDK as its endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String region() {
    return region;
  }

  /** The access key id requests must be signed with (any secret key is accepted). */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** A secret access key to sign with; the stub does not check signatures. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** Defines or replaces a custom endpoint (by identifier). */
  public void putCustomEndpoint(CustomEndpoint e) {
    endpoints.put(e.identifier().toLowerCase(Locale.ROOT), e);
  }

  /** Removes a custom endpoint. */
  public void removeCustomEndpoint(String identifier) {
    endpoints.remove(identifier.toLowerCase(Locale.ROOT));
  }

  /** While on, every call fails with {@code Throttling}. */
  public void throttle(boolean on) {
    throttling = on;
  }

  /** {@link System#nanoTime()} of every DescribeDBClusterEndpoints call received, throttled or not. */
  public List<Long> describeCallTimesNanos() {
    return List.copyOf(describeTimes);
  }

  /** How many DescribeDBClusterEndpoints calls arrived. */
  public int describeCount() {
    return describeTimes.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "RdsApiStub[" + endpoint() + ", " + region + ", " + endpoints.size() + " custom endpoints]";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        error(ex, 400, "Sender", "InvalidAction", "only POST / is supported");
        return;
      }
      if (!authorized(ex)) {
        return;
      }
      Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
      String action = form.getOrDefault("Action", "");
      if (!"DescribeDBClusterEndpoints".equals(action)) {
        error(ex, 400, "Sender", "InvalidAction", "The action " + action + " is not valid for this web service.");
        return;
      }
      describeTimes.add(System.nanoTime());
      if (throttling) {
        error(ex, 400, "Sender", "Throttling", "Rate exceeded");
        return;
      }
      describe(ex, form);
    }
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Matcher m = auth == null ? null : AUTHORIZATION.matcher(auth);
    if (m == null || !m.find()) {
      error(ex, 403, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token");
      return false;
    }
    if (!accessKeyId.equals(m.group(1))) {
      error(ex, 403, "Sender", "InvalidClientTokenId", "The security token included in the request is invalid.");
      return false;
    }
    if (!region.equals(m.group(3)) || !"rds".equals(m.group(4))) {
      error(ex, 403, "Sender", "SignatureDoesNotMatch", "Credential should be scoped to a valid region and service 'rds', not '"
          + m.group(3) + "/" + m.group(4) + "'.");
      return false;
    }
    return true;
  }

  private void describe(HttpExchange ex, Map<String, String> form) throws IOException {
    String id = form.get("DBClusterEndpointIdentifier");
    String cluster = form.get("DBClusterIdentifier");
    List<CustomEndpoint> out = new ArrayList<>();
    for (CustomEndpoint e : endpoints.values()) {
      if (id != null && !id.equalsIgnoreCase(e.identifier())) {
        continue;
      }
      if (cluster != null && !cluster.equalsIgnoreCase(e.clusterIdentifier())) {
        continue;
      }
      out.add(e);
    }
    StringBuilder x = new StringBuilder();
    x.append("<DescribeDBClusterEndpointsResponse xmlns=\"").append(NS).append("\">\n  <DescribeDBClusterEndpointsResult>\n")
        .append("    <DBClusterEndpoints>\n");
    for (CustomEndpoint e : out) {
      x.append("      <DBClusterEndpointList>\n");
      el(x, "DBClusterEndpointIdentifier", e.identifier());
      el(x, "DBClusterIdentifier", e.clusterIdentifier());
      el(x, "DBClusterEndpointResourceIdentifier", "cluster-endpoint-" + Integer.toHexString(e.identifier().hashCode()));
      el(x, "DBClusterEndpointArn", "arn:aws:rds:" + region + ":123456789012:cluster-endpoint:" + e.identifier());
      el(x, "Endpoint", e.host());
      el(x, "Status", "available");
      el(x, "EndpointType", "CUSTOM");
      el(x, "CustomEndpointType", e.type());
      members(x, "StaticMembers", e.staticMembers());
      members(x, "ExcludedMembers", e.excludedMembers());
      x.append("      </DBClusterEndpointList>\n");
    }
    x.append("    </DBClusterEndpoints>\n  </DescribeDBClusterEndpointsResult>\n  <ResponseMetadata>\n    <RequestId>")
        .append(UUID.randomUUID()).append("</RequestId>\n  </ResponseMetadata>\n</DescribeDBClusterEndpointsResponse>\n");
    respond(ex, 200, x.toString());
  }

  private static void el(StringBuilder x, String name, String value) {
    x.append("        <").append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
  }

  private static void members(StringBuilder x, String name, List<String> values) {
    if (values.isEmpty()) {
      x.append("        <").append(name).append("/>\n");
      return;
    }
    x.append("        <").append(name).append(">\n");
    for (String v : values) {
      x.append("          <member>").append(escape(v)).append("</member>\n");
    }
    x.append("        </").append(name).append(">\n");
  }

  private static void error(HttpExchange ex, int status, String type, String code, String message) throws IOException {
    respond(ex, status, "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code
        + "</Code>\n    <Message>" + escape(message) + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID()
        + "</RequestId>\n</ErrorResponse>\n");
  }

  private static void respond(HttpExchange ex, int status, String xml) throws IOException {
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq >= 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
      String v = eq >= 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
      m.put(k, v);
    }
    return m;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
