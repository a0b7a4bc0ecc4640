package dev.aurorajca.itp.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeSet;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.aurorajca.itsupport.server.Chains;

/**
 * JDBC and JVM probes for client-side tests. Free of driver classes (exceptions are classified by
 * SQLState, see {@link Chains}), so it deploys whether or not the rar is there. Line protocol:
 * <ul>
 * <li>{@code /probe/connect?jndi=J}: {@code OK <@@server_id> <@@read_only>}</li>
 * <li>{@code /probe/write?jndi=J&id=N}: creates {@code cf_itp} if needed, inserts row N, then
 * {@code OK <@@server_id> <@@read_only> <@@session.time_zone>}</li>
 * <li>{@code /probe/read?jndi=J&id=N}: {@code OK <@@server_id> <@@read_only> <1 if row N is there, else 0>}</li>
 * <li>{@code /probe/threads?prefix=P}: one line per live thread whose name starts with P</li>
 * <li>{@code /probe/class?name=C}: {@code VISIBLE <loader class> <first URL of the loader, if any>},
 * or {@code NOT-VISIBLE <exception>}</li>
 * </ul>
 * A JDBC failure answers {@code ERROR} and the cause chain (status 200: the failure is the answer).
 */
@WebServlet("/probe/*")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            switch (op) {
                case "/connect" -> {
                    try (Connection c = lookup(req).getConnection()) {
                        out.println("OK " + serverIdAndReadOnly(c));
                    }
                }
                case "/write" -> {
                    long id = Long.parseLong(req.getParameter("id"));
                    try (Connection c = lookup(req).getConnection(); Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS cf_itp (id BIGINT PRIMARY KEY, v VARCHAR(64))");
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cf_itp (id, v) VALUES (?, ?)")) {
                            ps.setLong(1, id);
                            ps.setString(2, "v" + id);
                            ps.executeUpdate();
                        }
                        try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
                            rs.next();
                            out.println("OK " + serverIdAndReadOnly(c) + " " + rs.getString(1));
                        }
                    }
                }
                case "/read" -> {
                    long id = Long.parseLong(req.getParameter("id"));
                    try (Connection c = lookup(req).getConnection()) {
                        String where = serverIdAndReadOnly(c);
                        boolean found;
                        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cf_itp WHERE id = ?")) {
                            ps.setLong(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                found = rs.getLong(1) == 1;
                            }
                        } catch (java.sql.SQLException e) {
                            found = false; // the table itself may not have replicated yet
                        }
                        out.println("OK " + where + " " + (found ? 1 : 0));
                    }
                }
                case "/threads" -> {
                    String prefix = req.getParameter("prefix");
                    TreeSet<String> names = new TreeSet<>();
                    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        Thread t = e.getKey();
                        if (t.isAlive() && t.getName().startsWith(prefix)) {
                            names.add(t.getName() + " (daemon=" + t.isDaemon() + ", state=" + t.getState() + ")");
                        }
                    }
                    names.forEach(out::println);
                }
                case "/class" -> {
                    try {
                        Class<?> c = Class.forName(req.getParameter("name"), false, Thread.currentThread().getContextClassLoader());
                        ClassLoader l = c.getClassLoader();
                        String where = l instanceof java.net.URLClassLoader u && u.getURLs().length > 0
                                ? u.getURLs()[0].toString() : "-";
                        out.println("VISIBLE " + (l == null ? "bootstrap" : l.getClass().getName()) + " " + where);
                    } catch (ClassNotFoundException | LinkageError e) {
                        out.println("NOT-VISIBLE " + e);
                    }
                }
                default -> resp.sendError(404, "unknown probe " + op);
            }
        } catch (Exception e) {
            out.println("ERROR");
            out.println(Chains.describe(e));
        }
    }

    private static DataSource lookup(HttpServletRequest req) throws Exception {
        return (DataSource) new InitialContext().lookup(req.getParameter("jndi"));
    }

    private static String serverIdAndReadOnly(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
            rs.next();
            return rs.getInt(1) + " " + rs.getInt(2);
        }
    }
}
