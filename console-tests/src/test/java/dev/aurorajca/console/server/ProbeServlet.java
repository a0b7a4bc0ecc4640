package dev.aurorajca.console.server;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.sql.DataSource;

/**
 * {@code GET /probe?jndi=NAME}: looks the connection factory up by the JNDI name the console gave
 * it, takes a connection and answers {@code server_id=N read_only=0|1} for the instance it reached.
 * Any failure answers 500 with the exception chain, so the test's message says what went wrong.
 */
@WebServlet("/probe")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String jndi = req.getParameter("jndi");
        try {
            DataSource ds = (DataSource) new InitialContext().lookup(jndi);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
                rs.next();
                resp.getWriter().print("server_id=" + rs.getInt(1) + " read_only=" + rs.getInt(2));
            }
        } catch (Exception e) {
            resp.setStatus(500);
            StringBuilder sb = new StringBuilder(jndi + ": ");
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
            }
            resp.getWriter().print(sb);
        }
    }
}
