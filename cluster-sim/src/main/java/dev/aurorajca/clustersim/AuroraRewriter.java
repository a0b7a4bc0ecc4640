package dev.aurorajca.clustersim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Aurora MySQL surface of one instance, applied to the client → server bytes of one proxied
 * connection: the text of {@code COM_QUERY} / {@code COM_STMT_PREPARE} commands that name an
 * Aurora-only variable or table is rewritten into something MariaDB answers the way Aurora would.
 *
 * <p>Framing is followed packet by packet so only commands are looked at: every other packet
 * (handshake, authentication, {@code LOAD DATA} contents, result traffic does not pass here at
 * all) is forwarded as it arrives. A command is held back only until it is complete. A connection
 * that negotiates TLS or compression is passed through untouched from then on (the sim's servers
 * offer neither; see the README).
 *
 * <p>Not thread-safe: one instance per connection, used by the proxy's selector thread only.
 */
final class AuroraRewriter implements FaultProxy.UpstreamFilter {

  /** What {@code SHOW VARIABLES LIKE 'aurora_version'} and {@code @@aurora_version} report. */
  static final String AURORA_VERSION = "3.08.0";

  private static final int COM_QUERY = 0x03;
  private static final int COM_STMT_PREPARE = 0x16;
  private static final int CLIENT_COMPRESS = 0x20;
  private static final int CLIENT_SSL = 0x800;
  private static final int CLIENT_QUERY_ATTRIBUTES = 1 << 27;
  /** Commands larger than this are forwarded unread (nothing Aurora-specific is that large). */
  private static final int MAX_INSPECTED = 1 << 20;

  /** Cheap first test: only statements containing one of these are parsed by the rules below. */
  private static final Pattern TRIGGER = Pattern.compile("(?i)aurora_|innodb_read_only|replica_host_status|report_host");
  /**
   * The AWS wrapper takes a cluster whose {@code mysql.rds_topology} has rows and whose
   * {@code report_host} is set for RDS Multi-AZ; Aurora's is empty (a blue/green deployment's
   * rows are in that table there).
   */
  private static final Pattern SHOW_REPORT_HOST = Pattern.compile(
      "(?i)\\bSHOW\\s+(?:GLOBAL\\s+|SESSION\\s+)?VARIABLES\\s+LIKE\\s+'report_host'");
  private static final Pattern SHOW_AURORA_VERSION = Pattern.compile(
      "(?i)\\bSHOW\\s+(?:GLOBAL\\s+|SESSION\\s+)?VARIABLES\\s+LIKE\\s+'aurora_version'");
  private static final Pattern SERVER_ID = Pattern.compile("(?i)@@(?:global\\.|session\\.)?aurora_server_id\\b");
  private static final Pattern VERSION = Pattern.compile("(?i)@@(?:global\\.|session\\.)?aurora_version\\b");
  private static final Pattern INNODB_READ_ONLY = Pattern.compile("(?i)@@(?:global\\.|session\\.)?innodb_read_only\\b");
  private static final Pattern STATUS_TABLE = Pattern.compile(
      "(?i)`?information_schema`?\\s*\\.\\s*`?replica_host_status\\b`?");

  /** The real view {@link SimCluster} keeps true on every instance. */
  static final String STATUS_VIEW = "mysql.replica_host_status";

  private final String instanceId;
  private final boolean roleFromStatus;

  // Framing state.
  private boolean handshakeSeen;
  private boolean off;
  private boolean queryAttributes;
  /** Bytes of the current packet still to forward untouched. */
  private long passthrough;
  /** Header (4 bytes) plus command byte of the next packet, while incomplete. */
  private final byte[] head = new byte[5];
  private int headLength;
  /** A packet being collected whole, or null. */
  private byte[] packet;
  private int packetLength;

  AuroraRewriter(String instanceId) {
    this(instanceId, false);
  }

  /**
   * @param roleFromStatus {@code @@innodb_read_only} from the instance's replica_host_status row
   *                       (0 for the writer) rather than from {@code @@read_only}: in a blue/green
   *                       deployment the green writer and, after the switchover, the old blue
   *                       writer have {@code read_only=1} and are still their cluster's writer
   */
  AuroraRewriter(String instanceId, boolean roleFromStatus) {
    this.instanceId = instanceId;
    this.roleFromStatus = roleFromStatus;
  }

  static String rewrite(String sql, String instanceId) {
    return rewrite(sql, instanceId, false);
  }

  /** The Aurora rules for one statement; returns {@code sql} itself when none applies. */
  static String rewrite(String sql, String instanceId, boolean roleFromStatus) {
    if (!TRIGGER.matcher(sql).find()) {
      return sql;
    }
    String out = SHOW_AURORA_VERSION.matcher(sql)
        .replaceAll("SELECT 'aurora_version' AS Variable_name, '" + AURORA_VERSION + "' AS Value");
    out = SERVER_ID.matcher(out).replaceAll(Matcher.quoteReplacement("'" + instanceId + "'"));
    out = VERSION.matcher(out).replaceAll("'" + AURORA_VERSION + "'");
    // MariaDB's innodb_read_only is a start-up option for the whole engine; read_only is what
    // the sim flips on promotion and what refuses the application user's writes.
    out = INNODB_READ_ONLY.matcher(out).replaceAll(Matcher.quoteReplacement(roleFromStatus
        ? "(SELECT IF(COUNT(*) > 0, 0, 1) FROM " + SimCluster.AURORA_STATUS_TABLE + " WHERE SERVER_ID = '" + instanceId
            + "' AND SESSION_ID = 'MASTER_SESSION_ID')"
        : "@@global.read_only"));
    out = SHOW_REPORT_HOST.matcher(out).replaceAll("SELECT 'report_host' AS Variable_name, '' AS Value");
    out = STATUS_TABLE.matcher(out).replaceAll(STATUS_VIEW);
    return out;
  }

  @Override
  public ByteBuffer filter(ByteBuffer in) {
    int n = in.remaining();
    if (off || passthrough >= n) {
      passthrough -= off ? 0 : n;
      return copy(in, n);
    }
    Out out = new Out(n);
    while (in.hasRemaining()) {
      if (off) {
        out.put(in, in.remaining());
      } else if (passthrough > 0) {
        int k = (int) Math.min(passthrough, in.remaining());
        out.put(in, k);
        passthrough -= k;
      } else if (packet != null) {
        int k = Math.min(packet.length - packetLength, in.remaining());
        in.get(packet, packetLength, k);
        packetLength += k;
        if (packetLength == packet.length) {
          byte[] whole = packet;
          packet = null;
          out.put(process(whole));
        }
      } else {
        head[headLength++] = in.get();
        if (headLength < 4) {
          continue;
        }
        int length = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16;
        if (length == 0) {
          out.put(head, 4);
          headLength = 0;
          continue;
        }
        if (headLength < 5) {
          continue;
        }
        headLength = 0;
        int seq = head[3] & 0xff;
        int command = head[4] & 0xff;
        boolean whole = !handshakeSeen
            ? length <= MAX_INSPECTED
            : seq == 0 && (command == COM_QUERY || command == COM_STMT_PREPARE) && length <= MAX_INSPECTED;
        if (whole) {
          packet = new byte[4 + length];
          System.arraycopy(head, 0, packet, 0, 5);
          packetLength = 5;
          if (packetLength == packet.length) {
            byte[] p = packet;
            packet = null;
            out.put(process(p));
          }
        } else {
          if (!handshakeSeen) {
            off = true; // an unexpected first packet: stay out of the way
          }
          out.put(head, 5);
          passthrough = length - 1L;
        }
      }
    }
    return out.buffer();
  }

  /** One whole packet (header included): the handshake response is inspected, a command maybe rewritten. */
  private byte[] process(byte[] p) {
    if (!handshakeSeen) {
      handshakeSeen = true;
      if (p.length >= 8) {
        int flags = (p[4] & 0xff) | (p[5] & 0xff) << 8 | (p[6] & 0xff) << 16 | (p[7] & 0xff) << 24;
        // TLS or compression changes the framing of everything after this packet.
        off = (flags & (CLIENT_SSL | CLIENT_COMPRESS)) != 0;
        queryAttributes = (flags & CLIENT_QUERY_ATTRIBUTES) != 0;
      }
      return p;
    }
    int textStart = 5;
    if (queryAttributes && (p[4] & 0xff) == COM_QUERY) {
      // parameter_count 0, parameter_set_count 1, then the text; with parameters: leave it alone.
      if (p.length < 7 || p[5] != 0 || p[6] != 1) {
        return p;
      }
      textStart = 7;
    }
    String sql = new String(p, textStart, p.length - textStart, StandardCharsets.ISO_8859_1); // byte-preserving
    String rewritten = rewrite(sql, instanceId, roleFromStatus);
    if (rewritten.equals(sql)) {
      return p;
    }
    byte[] text = rewritten.getBytes(StandardCharsets.ISO_8859_1);
    int length = textStart - 4 + text.length;
    if (length >= 0xffffff) {
      return p;
    }
    byte[] q = new byte[4 + length];
    q[0] = (byte) length;
    q[1] = (byte) (length >>> 8);
    q[2] = (byte) (length >>> 16);
    System.arraycopy(p, 3, q, 3, textStart - 3); // sequence id, command, query attribute counts
    System.arraycopy(text, 0, q, textStart, text.length);
    return q;
  }

  private static ByteBuffer copy(ByteBuffer in, int n) {
    ByteBuffer b = ByteBuffer.allocate(n);
    b.put(in).flip();
    return b;
  }

  /** A growable byte buffer for one call's output. */
  private static final class Out {
    private byte[] bytes;
    private int size;

    Out(int capacity) {
      bytes = new byte[Math.max(16, capacity)];
    }

    void put(ByteBuffer in, int k) {
      ensure(k);
      in.get(bytes, size, k);
      size += k;
    }

    void put(byte[] b) {
      put(b, b.length);
    }

    void put(byte[] b, int k) {
      ensure(k);
      System.arraycopy(b, 0, bytes, size, k);
      size += k;
    }

    private void ensure(int k) {
      if (size + k > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + k));
      }
    }

    ByteBuffer buffer() {
      return ByteBuffer.wrap(bytes, 0, size);
    }
  }
}
