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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for AWS Secrets Manager that speaks its wire protocol (AWS JSON 1.1:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>} and
 * {@code Content-Type: application/x-amz-json-1.1}), so the real AWS SDK can be pointed at it with
 * an endpoint override — in aurora-jca, the {@code secretsManagerEndpoint} property.
 *
 * <p>What a user may rely on:
 * <ul>
 *   <li>{@code GetSecretValue} by name or ARN, optionally with {@code VersionId} or
 *       {@code VersionStage} ({@code AWSCURRENT}, {@code AWSPREVIOUS}); the answer carries
 *       {@code ARN}, {@code Name}, {@code VersionId}, {@code SecretString}, {@code VersionStages}
 *       and {@code CreatedDate} like the real service. An unknown secret is
 *       {@code ResourceNotFoundException} (HTTP 400), as in AWS.</li>
 *   <li>{@code PutSecretValue} with a {@code SecretString} makes a new {@code AWSCURRENT} version
 *       (the old one becomes {@code AWSPREVIOUS}), so a rotation can be driven through the SDK too;
 *       {@link #putSecret} does the same from Java.</li>
 *   <li>Requests must be SigV4-signed ({@code Authorization: AWS4-HMAC-SHA256 Credential=…}) for
 *       service {@code secretsmanager}, this stub's region and {@link #accessKeyId()}; anything else
 *       is refused with the error code AWS uses. The signature itself is not recomputed.</li>
 *   <li>{@link #down()} closes the listening socket (clients get "connection refused", as with
 *       an unreachable endpoint); {@link #up()} listens again on the same port.</li>
 *   <li>{@link #getSecretValueCount(String)} counts the {@code GetSecretValue} calls per secret, so
 *       a test can prove that a client caches.</li>
 *   <li>It listens on 127.0.0.1 only, on a free port unless one is given, and starts no thread of
 *       its own beyond the JDK HTTP server's dispatcher ({@link #close()} ends it).</li>
 * </ul>
 *
 * <p>Run it on its own: {@code java -cp cluster-sim.jar dev.aurorajca.clustersim.aws.SecretsManagerStub
 * [--port N] [--region us-east-1] [name='{"username":"u","password":"p"}' ...]}; it prints the
 * endpoint and the test credentials and runs until stdin is closed.
 */
public final class SecretsManagerStub implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SecretsManagerStub.class.getName());
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final String TARGET_PREFIX = "secretsmanager.";
  private static final String ACCOUNT = "123456789012";
  /** AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/secretsmanager/aws4_request, SignedHeaders=…, Signature=… */
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*SignedHeaders=[^,]+,\\s*Signature=[0-9a-f]{64}");

  /** One version of a secret. */
  private record Version(String id, String secretString, Instant created) { }

  /** A secret: its name, ARN and its current and previous versions. */
  private static final class Secret {
    final String name;
    final String arn;
    volatile Version current;
    volatile Version previous;

    Secret(String name, String arn) {
      this.name = name;
      this.arn = arn;
    }
  }

  private final String region;
  private final String accessKeyId = "AKIASTUBSECRETSMGR01";
  private final String secretAccessKey = "stub-secret-access-key-for-tests-only";
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> getCounts = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final int port;
  private HttpServer server;
  private boolean closed;

  private SecretsManagerStub(String region, int port) throws IOException {
    this.region = region;
    this.server = listen(port);
    this.port = server.getAddress().getPort();
  }

  /** Starts a stub for region {@code us-east-1} on a free port of 127.0.0.1. */
  public static SecretsManagerStub start() throws IOException {
    return start("us-east-1", 0);
  }

  /** Starts a stub for {@code region} on {@code port} of 127.0.0.1 (0: a free port). */
  public static SecretsManagerStub start(String region, int port) throws IOException {
    Objects.requireNonNull(region, "region");
    return new SecretsManagerStub(region, port);
  }

  private HttpServer listen(int p) throws IOException {
    // The JDK server writes headers and body in separate packets; without TCP_NODELAY each answer
    // waits for the client's delayed ACK (measured: 57 ms per GetSecretValue instead of 22 ms).
    // Read once by the JDK when its first server starts; a value the user set is kept.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 50);
    } catch (BindException e) {
      throw new IOException("Secrets Manager stub: port " + p + " on 127.0.0.1 is in use (" + e.getMessage() + ")", e);
    }
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  /** {@code http://127.0.0.1:PORT}: give it to the SDK as its endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public String region() {
    return region;
  }

  /** The access key id requests must be signed with (static test credentials, not a real key). */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret key that goes with {@link #accessKeyId()}; a test value, not a real key. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** Creates the secret or adds a new {@code AWSCURRENT} version; returns its ARN. */
  public String putSecret(String name, String secretString) {
    Objects.requireNonNull(secretString, "secretString");
    Secret s = secrets.computeIfAbsent(name, n -> new Secret(n, arnFor(n)));
    synchronized (s) {
      s.previous = s.current;
      s.current = new Version(UUID.randomUUID().toString(), secretString, Instant.now());
    }
    return s.arn;
  }

  /** {@link #putSecret(String, String)} with the JSON {@code {"username":…,"password":…}} RDS secrets use. */
  public String putCredentials(String name, String username, String password) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("username", username);
    m.put("password", password);
    return putSecret(name, Json.object(m));
  }

  /** Deletes the secret at once (no recovery window); later reads get ResourceNotFoundException. */
  public void deleteSecret(String nameOrArn) {
    Secret s = find(nameOrArn);
    if (s != null) {
      secrets.remove(s.name);
    }
  }

  /** The ARN of an existing secret. */
  public String arn(String name) {
    Secret s = secrets.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no secret named " + name);
    }
    return s.arn;
  }

  /** {@code GetSecretValue} calls that named {@code nameOrArn} (found or not) since start. */
  public int getSecretValueCount(String nameOrArn) {
    Secret s = find(nameOrArn);
    AtomicInteger c = getCounts.get(s != null ? s.name : nameOrArn);
    return c == null ? 0 : c.get();
  }

  /** Every request received, of any operation, accepted or refused. */
  public int requestCount() {
    return requests.get();
  }

  /** Stops listening: the endpoint becomes unreachable (connection refused) until {@link #up()}. */
  public synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port. */
  public synchronized void up() throws IOException {
    if (closed) {
      throw new IllegalStateException("the stub is closed");
    }
    if (server == null) {
      server = listen(port);
    }
  }

  public synchronized boolean isUp() {
    return server != null;
  }

  /** Stops the server and its dispatcher thread. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    down();
  }

  @Override
  public String toString() {
    return "SecretsManagerStub[" + endpoint() + ", region=" + region + ", secrets=" + secrets.keySet() + "]"; // never values
  }

  private String arnFor(String name) {
    // Real ARNs end with a dash and six random characters after the name.
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    return "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
  }

  private Secret find(String nameOrArn) {
    if (nameOrArn == null) {
      return null;
    }
    Secret s = secrets.get(nameOrArn);
    if (s != null) {
      return s;
    }
    for (Secret x : secrets.values()) {
      // AWS accepts the full ARN, or the ARN without its random suffix (a "partial ARN").
      if (x.arn.equals(nameOrArn) || x.arn.equals(nameOrArn + x.arn.substring(x.arn.length() - 7))) {
        return x;
      }
    }
    return null;
  }

  // ---- protocol ------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (!"POST".equals(ex.getRequestMethod()) || !"/".equals(ex.getRequestURI().getPath())) {
        error(ex, 404, "UnknownOperationException", "Secrets Manager takes POST / only");
        return;
      }
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE)) {
        error(ex, 400, "SerializationException", "Content-Type must be " + CONTENT_TYPE);
        return;
      }
      if (!authorized(ex)) {
        return;
      }
      Map<String, String> req;
      try {
        req = Json.parseFlatObject(new String(body, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        error(ex, 400, "SerializationException", "request body is not a JSON object: " + e.getMessage());
        return;
      }
      String op = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
      switch (op) {
        case "GetSecretValue" -> getSecretValue(ex, req);
        case "PutSecretValue" -> putSecretValue(ex, req);
        default -> error(ex, 400, "UnknownOperationException", "operation " + target + " is not supported by this stub");
      }
    } catch (IOException | RuntimeException e) {
      LOG.fine(() -> "Secrets Manager stub: request failed: " + e);
    }
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Matcher m = auth == null ? null : AUTHORIZATION.matcher(auth);
    if (m == null || !m.matches()) {
      error(ex, 400, "MissingAuthenticationTokenException", "Request is missing a SigV4 Authorization header");
      return false;
    }
    if (!accessKeyId.equals(m.group(1))) {
      error(ex, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
      return false;
    }
    if (!region.equals(m.group(3)) || !"secretsmanager".equals(m.group(4))) {
      error(ex, 400, "InvalidSignatureException", "Credential should be scoped to a valid region and service: expected "
          + region + "/secretsmanager, got " + m.group(3) + "/" + m.group(4));
      return false;
    }
    return true;
  }

  private void getSecretValue(HttpExchange ex, Map<String, String> req) throws IOException {
    String id = req.get("SecretId");
    if (id == null || id.isEmpty()) {
      error(ex, 400, "InvalidParameterException", "SecretId is required");
      return;
    }
    Secret s = find(id);
    getCounts.computeIfAbsent(s != null ? s.name : id, k -> new AtomicInteger()).incrementAndGet();
    if (s == null) {
      error(ex, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
      return;
    }
    Version current;
    Version previous;
    synchronized (s) {
      current = s.current;
      previous = s.previous;
    }
    String versionId = req.get("VersionId");
    String stage = req.get("VersionStage");
    Version v;
    if (versionId != null) {
      v = current.id().equals(versionId) ? current : previous != null && previous.id().equals(versionId) ? previous : null;
    } else if (stage == null || stage.equals("AWSCURRENT")) {
      v = current;
    } else if (stage.equals("AWSPREVIOUS")) {
      v = previous;
    } else {
      v = null;
    }
    if (v == null) {
      error(ex, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for "
          + (versionId != null ? "VersionId: " + versionId : "staging label: " + stage));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ARN", s.arn);
    out.put("Name", s.name);
    out.put("VersionId", v.id());
    out.put("SecretString", v.secretString());
    out.put("VersionStages", List.of(v == current ? "AWSCURRENT" : "AWSPREVIOUS"));
    out.put("CreatedDate", java.math.BigDecimal.valueOf(v.created().toEpochMilli(), 3)); // epoch seconds, as AWS sends it
    respond(ex, 200, Json.value(out), null);
  }

  private void putSecretValue(HttpExchange ex, Map<String, String> req) throws IOException {
    Secret s = find(req.get("SecretId"));
    if (s == null) {
      error(ex, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
      return;
    }
    String value = req.get("SecretString");
    if (value == null) {
      error(ex, 400, "InvalidParameterException", "this stub takes SecretString only");
      return;
    }
    putSecret(s.name, value);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ARN", s.arn);
    out.put("Name", s.name);
    out.put("VersionId", s.current.id());
    out.put("VersionStages", List.of("AWSCURRENT"));
    respond(ex, 200, Json.value(out), null);
  }

  private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("__type", type);
    out.put("Message", message);
    respond(ex, status, Json.value(out), type);
  }

  private static void respond(HttpExchange ex, int status, String json, String errorType) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if (errorType != null) {
      ex.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  // ---- standalone ----------------------------------------------------------------------------

  /** Runs a stub until stdin is closed; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int p = 0;
    String r = "us-east-1";
    List<String[]> initial = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--port") && i + 1 < args.length) {
        p = Integer.parseInt(args[++i]);
      } else if (a.equals("--region") && i + 1 < args.length) {
        r = args[++i];
      } else if (a.contains("=")) {
        initial.add(new String[] {a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)});
      } else {
        System.err.println("usage: SecretsManagerStub [--port N] [--region R] [name=secret-string ...]");
        System.exit(2);
      }
    }
    try (SecretsManagerStub stub = start(r, p)) {
      for (String[] s : initial) {
        System.out.println("secret " + s[0] + " -> " + stub.putSecret(s[0], s[1]));
      }
      System.out.println("endpoint " + stub.endpoint() + " region " + stub.region());
      System.out.println("credentials: AWS_ACCESS_KEY_ID=" + stub.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + stub.secretAccessKey());
      System.out.println("close stdin (Ctrl-D) to stop");
      CountDownLatch stdinClosed = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // keep reading until end of input
          }
        } catch (IOException ignored) {
          // stdin gone: stop too
        }
        stdinClosed.countDown();
      }, "secrets-manager-stub-stdin");
      reader.setDaemon(true);
      reader.start();
      stdinClosed.await();
    }
  }

  /** Just enough JSON for this protocol: flat request objects in, small objects out. */
  static final class Json {
    private Json() { }

    static String object(Map<String, String> m) {
      return value(new LinkedHashMap<String, Object>(m));
    }

    static String value(Object v) {
      StringBuilder sb = new StringBuilder();
      write(sb, v);
      return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
      if (v == null) {
        sb.append("null");
      } else if (v instanceof String s) {
        quote(sb, s);
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else if (v instanceof Map<?, ?> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          quote(sb, String.valueOf(e.getKey()));
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      } else if (v instanceof List<?> l) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(sb, l.get(i));
        }
        sb.append(']');
      } else {
        throw new IllegalArgumentException("cannot write " + v.getClass());
      }
    }

    private static void quote(StringBuilder sb, String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    }

    /** The string (and, as text, number/boolean/null) members of a flat JSON object; nested values are skipped. */
    static Map<String, String> parseFlatObject(String text) {
      Parser p = new Parser(text);
      Map<String, String> out = new HashMap<>();
      p.ws();
      p.expect('{');
      p.ws();
      if (p.peek() == '}') {
        p.pos++;
        return out;
      }
      while (true) {
        p.ws();
        String key = p.string();
        p.ws();
        p.expect(':');
        p.ws();
        char c = p.peek();
        if (c == '"') {
          out.put(key, p.string());
        } else if (c == '{' || c == '[') {
          p.skipNested();
        } else {
          out.put(key, p.literal());
        }
        p.ws();
        if (p.peek() == ',') {
          p.pos++;
          continue;
        }
        p.expect('}');
        return out;
      }
    }

    private static final class Parser {
      final String s;
      int pos;

      Parser(String s) {
        this.s = s;
      }

      char peek() {
        if (pos >= s.length()) {
          throw new IllegalArgumentException("unexpected end at " + pos);
        }
        return s.charAt(pos);
      }

      void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
          pos++;
        }
      }

      void expect(char c) {
        if (peek() != c) {
          throw new IllegalArgumentException("expected '" + c + "' at " + pos);
        }
        pos++;
      }

      String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
          char c = peek();
          pos++;
          if (c == '"') {
            return sb.toString();
          }
          if (c != '\\') {
            sb.append(c);
            continue;
          }
          char e = peek();
          pos++;
          switch (e) {
            case '"', '\\', '/' -> sb.append(e);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw new IllegalArgumentException("bad \\u escape at " + pos);
              }
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> throw new IllegalArgumentException("bad escape at " + pos);
          }
        }
      }

      String literal() {
        int start = pos;
        while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
          pos++;
        }
        if (start == pos) {
          throw new IllegalArgumentException("expected a value at " + pos);
        }
        return s.substring(start, pos);
      }

      void skipNested() {
        int depth = 0;
        do {
          char c = peek();
          if (c == '"') {
            string();
            continue;
          }
          if (c == '{' || c == '[') {
            depth++;
          } else if (c == '}' || c == ']') {
            depth--;
          }
          pos++;
        } while (depth > 0);
      }
    }
  }
}
