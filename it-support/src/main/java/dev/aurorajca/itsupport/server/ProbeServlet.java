package dev.aurorajca.itsupport.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What client-side scenarios ask the server to do with a connection factory, over HTTP with a
 * line protocol. Looks factories up at request time by the server's JNDI name ({@code jndi}), so
 * it deploys and answers with or without the rar; uses no driver class. A JDBC failure answers
 * {@code ERROR} and the cause chain (status 200: the failure is the answer); it is deliberately not
 * logged, so the server log holds only what the adapter and the server log.
 * <ul>
 * <li>{@code /probe/connect?jndi=J}: {@code OK <@@server_id> <@@read_only>}</li>
 * <li>{@code /probe/write?jndi=J&id=N}: creates {@code cf_it} if needed, inserts row N, then
 *     {@code OK <@@server_id> <@@read_only> <@@session.time_zone>}</li>
 * <li>{@code /probe/read?jndi=J&id=N}: {@code OK <@@server_id> <@@read_only> <1 if row N is there, else 0>}</li>
 * <li>{@code /probe/hold?jndi=J&count=N}: holds N connections at once (the pool creates or hands
 *     out N), reads {@code @@server_id} and {@code CONNECTION_ID()} on each, closes all: {@code OK <distinct (server, connection) pairs>} or ERROR</li>
 * <li>{@code /probe/requests?jndi=J&count=N&op=read|write&table=T&base=B}: N requests one after
 *     the other, each getConnection + one statement (write: autocommit INSERT of id B+i into T;
 *     read: {@code SELECT @@server_id}) + close; one {@code ERR <state> <code> <chain>} line per
 *     failure, then {@code DONE <ok> <failed>}</li>
 * <li>{@code /probe/drain?jndi=J&count=N&table=T&base=B}: holds N connections at once and inserts
 *     one row through each; one line per connection: {@code OK <server_id>} or
 *     {@code ERR <state> <code> <has-1290> <chain>}</li>
 * <li>{@code /probe/threads[?prefix=P]}: one {@code <thread id>\t<name>} line per live thread (whose name starts with P)</li>
 * <li>{@code /probe/class?name=C}: {@code VISIBLE <class loader>} or {@code NOT-VISIBLE <exception>}</li>
 * <li>{@code /probe/mbeans?pattern=P[&attribute=A]}: one line per MBean of the server's platform MBean
 *     server whose name matches the ObjectName pattern P: {@code <name>} or {@code <name>\t<value of A>}</li>
 * </ul>
 */
@WebServlet("/probe/*")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
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
                case "/write" -> write(req, out);
                case "/read" -> read(req, out);
                case "/hold" -> hold(req, out);
                case "/requests" -> requests(req, out);
                case "/drain" -> drain(req, out);
                case "/threads" -> threads(req.getParameter("prefix"), out);
                case "/class" -> {
                    try {
                        Class<?> c = Class.forName(req.getParameter("name"), false, Thread.currentThread().getContextClassLoader());
                        out.println("VISIBLE " + c.getClassLoader());
                    } catch (ClassNotFoundException | LinkageError e) {
                        out.println("NOT-VISIBLE " + e);
                    }
                }
                case "/mbeans" -> mbeans(req.getParameter("pattern"), req.getParameter("attribute"), out);
                default -> resp.sendError(404, "unknown probe " + op);
            }
        } catch (Exception e) {
            out.println("ERROR");
            out.println(Chains.describe(e));
        }
    }

    private static void write(HttpServletRequest req, PrintWriter out) throws Exception {
        long id = Long.parseLong(req.getParameter("id"));
        try (Connection c = lookup(req).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cf_it (id BIGINT PRIMARY KEY, v VARCHAR(64))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cf_it (id, v) VALUES (?, ?)")) {
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

    private static void read(HttpServletRequest req, PrintWriter out) throws Exception {
        long id = Long.parseLong(req.getParameter("id"));
        try (Connection c = lookup(req).getConnection()) {
            String where = serverIdAndReadOnly(c);
            boolean found;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cf_it WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1) == 1;
                }
            } catch (SQLException e) {
                found = false; // the table itself may not have replicated yet
            }
            out.println("OK " + where + " " + (found ? 1 : 0));
        }
    }

    private static void hold(HttpServletRequest req, PrintWriter out) throws Exception {
        DataSource ds = lookup(req);
        int count = Integer.parseInt(req.getParameter("count"));
        List<Connection> held = new ArrayList<>();
        try {
            // CONNECTION_ID() counts per server: two readers can hand out the same number.
            java.util.Set<String> ids = new java.util.TreeSet<>();
            for (int i = 0; i < count; i++) {
                Connection c = ds.getConnection();
                held.add(c);
                ids.add(Jdbc.serverId(c) + ":" + Jdbc.connectionId(c));
            }
            out.println("OK " + ids.size());
        } finally {
            closeAll(held);
        }
    }

    private static void requests(HttpServletRequest req, PrintWriter out) throws Exception {
        DataSource ds = lookup(req);
        int count = Integer.parseInt(req.getParameter("count"));
        boolean write = "write".equals(req.getParameter("op"));
        String table = req.getParameter("table");
        long base = write ? Long.parseLong(req.getParameter("base")) : 0;
        int ok = 0;
        for (int i = 0; i < count; i++) {
            try (Connection c = ds.getConnection()) {
                if (write) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, thread) VALUES (?, -2)")) {
                        ps.setLong(1, base + i);
                        ps.executeUpdate();
                    }
                } else {
                    Jdbc.serverId(c);
                }
                ok++;
            } catch (Exception e) {
                Throwable s = Chains.significant(e);
                out.println("ERR " + Chains.sqlState(s) + " " + Chains.errorCode(s) + " " + Chains.oneLine(Chains.describe(e)));
            }
        }
        out.println("DONE " + ok + " " + (count - ok));
    }

    private static void drain(HttpServletRequest req, PrintWriter out) {
        int count = Integer.parseInt(req.getParameter("count"));
        String table = req.getParameter("table");
        long base = Long.parseLong(req.getParameter("base"));
        List<Connection> held = new ArrayList<>();
        try {
            DataSource ds = lookup(req);
            for (int i = 0; i < count; i++) {
                try {
                    held.add(ds.getConnection());
                } catch (Exception e) {
                    out.println("ERR " + line(e));
                }
            }
            for (int i = 0; i < held.size(); i++) {
                Connection c = held.get(i);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, thread) VALUES (?, -1)")) {
                    ps.setLong(1, base + i);
                    ps.executeUpdate();
                    out.println("OK " + Jdbc.serverId(c));
                } catch (Exception e) {
                    out.println("ERR " + line(e));
                }
            }
        } catch (Exception e) {
            out.println("ERR " + line(e));
        } finally {
            closeAll(held);
        }
    }

    private static void threads(String prefix, PrintWriter out) {
        TreeMap<Long, String> live = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (prefix == null || t.getName().startsWith(prefix))) {
                live.put(t.getId(), t.getName());
            }
        }
        live.forEach((id, name) -> out.println(id + "\t" + name));
    }

    /** Reads JMX the way an operator's tool does: the platform MBean server (WildFly and Payara put theirs there). */
    private static void mbeans(String pattern, String attribute, PrintWriter out) throws Exception {
        javax.management.MBeanServer mbs = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        java.util.TreeSet<String> lines = new java.util.TreeSet<>();
        for (javax.management.ObjectName n : mbs.queryNames(new javax.management.ObjectName(pattern), null)) {
            lines.add(attribute == null ? n.toString() : n + "\t" + mbs.getAttribute(n, attribute));
        }
        lines.forEach(out::println);
    }

    private static void closeAll(List<Connection> held) {
        for (Connection c : held) {
            try {
                c.close();
            } catch (Exception e) {
                // already reported through the statement that failed
            }
        }
    }

    static String line(Throwable e) {
        Throwable s = Chains.significant(e);
        return Chains.sqlState(s) + " " + Chains.errorCode(s) + " " + Chains.hasErrorCode(e, 1290) + " "
                + Chains.oneLine(Chains.describe(e));
    }

    private static DataSource lookup(HttpServletRequest req) throws Exception {
        return (DataSource) new InitialContext().lookup(req.getParameter("jndi"));
    }

    private static String serverIdAndReadOnly(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
            rs.next();
            return rs.getInt(1) + " " + rs.getInt(2);
        }
    }
}
