package dev.aurorajca.itsupport.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Predicate;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs a {@link WriteLoad} in the server for the failover test, which drives cluster-sim from the
 * client JVM meanwhile.
 * <ul>
 * <li>{@code POST /load/start?jndi=J&table=T&threads=N&periodMs=P[&driverClass=C]}: J is the
 *     server's JNDI name of the factory (WildFly {@code java:/aurora/writer}, Payara
 *     {@code jdbc/aurora/writer}); C, optional, an exception class name the WAR can load (e.g. the
 *     driver's {@code FailoverSQLException}): each failed request then records whether its chain
 *     holds an instance. Without C the WAR needs no driver class.</li>
 * <li>{@code GET /load/status?since=MICROS}: {@code <requests> <ok requests started since>}</li>
 * <li>{@code POST /load/stop}: one tab-separated line per request (see {@link WriteLoad.Request}).</li>
 * </ul>
 */
@WebServlet("/load/*")
public class LoadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Object LOCK = new Object();
    private static Object current; // a WriteLoad; Object keeps driver types out of this class's fields

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
        synchronized (LOCK) {
            try {
                switch (op) {
                    case "/start" -> {
                        if (current != null) {
                            resp.sendError(409, "a load is already running");
                            return;
                        }
                        DataSource ds = lookup(req.getParameter("jndi"));
                        WriteLoad load = new WriteLoad(ds, req.getParameter("table"),
                                Integer.parseInt(req.getParameter("threads")), Long.parseLong(req.getParameter("periodMs")),
                                instanceOf(req.getParameter("driverClass")));
                        load.start();
                        current = load;
                        out.println("started");
                    }
                    case "/status" -> {
                        WriteLoad load = (WriteLoad) current;
                        if (load == null) {
                            resp.sendError(409, "no load running");
                            return;
                        }
                        out.println(load.size() + " " + load.okSince(Long.parseLong(req.getParameter("since"))));
                    }
                    case "/stop" -> {
                        WriteLoad load = (WriteLoad) current;
                        if (load == null) {
                            resp.sendError(409, "no load running");
                            return;
                        }
                        current = null;
                        List<WriteLoad.Request> requests = load.stop(60_000);
                        for (WriteLoad.Request r : requests) {
                            out.println(r.line());
                        }
                    }
                    default -> resp.sendError(404, "unknown operation " + op);
                }
            } catch (NamingException | InterruptedException | ClassNotFoundException | RuntimeException e) {
                resp.setStatus(500);
                out.println(Chains.describe(e));
            }
        }
    }

    /** A test for instances of the named class as this WAR sees it, or null for no name. */
    private static Predicate<Throwable> instanceOf(String className) throws ClassNotFoundException {
        if (className == null || className.isEmpty()) {
            return null;
        }
        Class<?> type = Class.forName(className, false, LoadServlet.class.getClassLoader());
        return type::isInstance;
    }

    private static DataSource lookup(String jndi) throws NamingException {
        return (DataSource) new InitialContext().lookup(jndi);
    }
}
