package dev.aurorajca.it.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.aurorajca.itsupport.server.Chains;

/**
 * What client-side ({@code @RunAsClient}) tests ask the server to do with a connection factory,
 * over plain HTTP with a line protocol. Looks factories up at request time, so it deploys and
 * answers with or without the rar deployed; uses no driver class.
 *
 * <ul>
 * <li>{@code GET /probe/connect?jndi=J}: getConnection + {@code SELECT @@server_id}; answers
 *     {@code OK <server_id>} or {@code ERROR} followed by the exception chain.</li>
 * <li>{@code POST /probe/drain?jndi=J&count=N&table=T&base=B}: holds N connections at once (so
 *     the pool hands out every idle one) and inserts one row through each; one line per
 *     connection: {@code OK <server_id>} or {@code ERR <state> <code> <has-1290> <exception chain>}.</li>
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
        switch (op) {
            case "/connect" -> connect(req.getParameter("jndi"), out);
            case "/drain" -> drain(req, out);
            default -> resp.sendError(404, "unknown probe " + op);
        }
    }

    private static void connect(String jndi, PrintWriter out) {
        try {
            DataSource ds = (DataSource) new InitialContext().lookup(jndi);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                rs.next();
                out.println("OK " + rs.getInt(1));
            }
        } catch (Exception e) {
            // Deliberately not logged here: the server log must get the error from the adapter or
            // the server, not from this test servlet.
            out.println("ERROR");
            out.println(Chains.describe(e));
        }
    }

    private static void drain(HttpServletRequest req, PrintWriter out) {
        String jndi = req.getParameter("jndi");
        int count = Integer.parseInt(req.getParameter("count"));
        String table = req.getParameter("table");
        long base = Long.parseLong(req.getParameter("base"));
        List<Connection> held = new ArrayList<>();
        try {
            DataSource ds = (DataSource) new InitialContext().lookup(jndi);
            for (int i = 0; i < count; i++) {
                try {
                    held.add(ds.getConnection());
                } catch (Exception e) {
                    out.println("ERR " + line(e));
                }
            }
            for (int i = 0; i < held.size(); i++) {
                Connection c = held.get(i);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, thread) VALUES (?, -1)");
                     Statement s = c.createStatement()) {
                    ps.setLong(1, base + i);
                    ps.executeUpdate();
                    try (ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                        rs.next();
                        out.println("OK " + rs.getInt(1));
                    }
                } catch (Exception e) {
                    out.println("ERR " + line(e));
                }
            }
        } catch (Exception e) {
            out.println("ERR " + line(e));
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (Exception e) {
                    // already reported through the statement that failed
                }
            }
        }
    }

    static String line(Throwable e) {
        Throwable s = Chains.significant(e);
        return Chains.sqlState(s) + " " + Chains.errorCode(s) + " " + Chains.hasErrorCode(e, 1290) + " "
                + Chains.oneLine(Chains.describe(e));
    }
}
