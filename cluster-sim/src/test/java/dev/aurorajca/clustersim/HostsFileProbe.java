package dev.aurorajca.clustersim;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs in a child JVM started with {@code -Djdk.net.hosts.file}: connects to each
 * {@code host:port} argument by name and prints {@code host=server_id,read_only}.
 */
public final class HostsFileProbe {

  private HostsFileProbe() {
  }

  public static void main(String[] args) throws Exception {
    String db = args[0];
    String user = args[1];
    String password = args[2];
    for (int i = 3; i < args.length; i++) {
      String url = "jdbc:mysql://" + args[i] + "/" + db + "?sslMode=DISABLED&connectTimeout=5000";
      try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
        rs.next();
        System.out.println(args[i].substring(0, args[i].indexOf(':')) + "=" + rs.getInt(1) + "," + rs.getInt(2));
      }
    }
  }
}
