package dev.aurorajca.itsupport.server;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.resource.ResourceException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;

/**
 * Transactions at the edge of a failover (issue 12), driven step by step from the client JVM,
 * which crashes or freezes cluster-sim's writer between the steps. Server-neutral: JNDI name as
 * a parameter, failures classified by SQLState (no driver class).
 *
 * <ul>
 *   <li>{@code POST txedge/use?jndi=&table=}: one autocommit statement on a pooled connection
 *       (the connection is now "used recently"); answers {@code OK <CONNECTION_ID()>}.</li>
 *   <li>{@code POST txedge/tx?jndi=&table=&id=}: a bean-managed JTA transaction (begin,
 *       getConnection — the server enlists it —, INSERT, commit); answers
 *       {@code OK <CONNECTION_ID()>} or {@code ERR <state> <chain>}.</li>
 *   <li>{@code POST txedge/held-commit?jndi=&table=&id=&write=}: like {@code tx}, but waits for
 *       {@code txedge/go} between the work and the commit, reporting {@code ready} and then
 *       {@code committing} through {@code GET txedge/phase}.</li>
 *   <li>{@code GET txedge/row?jndi=&table=&id=}: {@code 1} if the row exists, else {@code 0}.</li>
 * </ul>
 *
 * <p>{@code <state>} is where an application finds the failover outcome: the first failover
 * SQLState in the cause chain, else the error code of a {@code ResourceException} in the chain,
 * else a {@code [SQLState x]} tag in any message (servers that keep only the text), else {@code -}.
 */
@WebServlet("/txedge/*")
public class TxEdgeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final AtomicReference<String> PHASE = new AtomicReference<>("idle");
    private static volatile boolean go;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setContentType("text/plain");
        try {
            switch (op) {
                case "/phase" -> resp.getWriter().print(PHASE.get());
                case "/row" -> {
                    try (Connection c = dataSource(req).getConnection()) {
                        resp.getWriter().print(Jdbc.exists(c, req.getParameter("table"), Long.parseLong(req.getParameter("id"))) ? "1" : "0");
                    }
                }
                default -> resp.sendError(404, "unknown operation " + op);
            }
        } catch (SQLException | NamingException e) {
            resp.getWriter().print("ERR " + outcomeState(e) + " " + describeAll(e));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setContentType("text/plain");
        try {
            String answer = switch (op) {
                case "/use" -> use(req);
                case "/tx" -> tx(req, false);
                case "/held-commit" -> tx(req, true);
                case "/go" -> {
                    go = true;
                    yield "OK";
                }
                case "/reset" -> {
                    go = false;
                    PHASE.set("idle");
                    yield "OK";
                }
                default -> null;
            };
            if (answer == null) {
                resp.sendError(404, "unknown operation " + op);
                return;
            }
            resp.getWriter().print(answer);
        } catch (Exception e) {
            resp.getWriter().print("ERR " + outcomeState(e) + " " + describeAll(e));
        }
    }

    private static DataSource dataSource(HttpServletRequest req) throws NamingException {
        return (DataSource) new InitialContext().lookup(req.getParameter("jndi"));
    }

    private static String use(HttpServletRequest req) throws Exception {
        try (Connection c = dataSource(req).getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + req.getParameter("table") + " (id BIGINT PRIMARY KEY, v VARCHAR(64))");
            }
            return "OK " + Jdbc.connectionId(c);
        }
    }

    private static String tx(HttpServletRequest req, boolean held) throws Exception {
        DataSource ds = dataSource(req);
        String table = req.getParameter("table");
        long id = Long.parseLong(req.getParameter("id"));
        boolean write = !"false".equals(req.getParameter("write"));
        UserTransaction ut = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
        ut.begin();
        long connectionId;
        try {
            try (Connection c = ds.getConnection()) { // enlisted here: LocalTransaction.begin
                if (write) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, 'txedge')")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                }
                connectionId = Jdbc.connectionId(c);
            }
            if (held) {
                PHASE.set("ready");
                Await.until(Duration.ofSeconds(60), "the client's go", () -> go, () -> "phase " + PHASE.get());
                PHASE.set("committing");
            }
        } catch (Exception | Error e) {
            ut.rollback();
            throw e;
        }
        try {
            ut.commit();
        } finally {
            PHASE.set("done");
        }
        return "OK " + connectionId;
    }

    /**
     * Where an application would find the failover outcome (see the class comment), looking
     * through causes and suppressed exceptions (Narayana adds the resource's XAException to its
     * RollbackException as a suppressed exception).
     */
    static String outcomeState(Throwable t) {
        List<Throwable> all = everything(t);
        for (Throwable c : all) {
            if (c instanceof SQLException sql && isOutcome(sql.getSQLState())) {
                return sql.getSQLState();
            }
        }
        for (Throwable c : all) {
            if (c instanceof ResourceException re && isOutcome(re.getErrorCode())) {
                return re.getErrorCode();
            }
        }
        for (Throwable c : all) {
            String m = String.valueOf(c.getMessage());
            for (String s : new String[] {Chains.FAILOVER_FAILED, Chains.TRANSACTION_UNKNOWN, Chains.FAILOVER_SUCCESS}) {
                if (m.contains("[SQLState " + s + "]")) {
                    return s;
                }
            }
        }
        return "-";
    }

    /** Every throwable reachable through causes, suppressed and next exceptions, outermost first. */
    static List<Throwable> everything(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable e = todo.poll();
            if (e == null || !seen.add(e)) {
                continue;
            }
            out.add(e);
            if (e.getCause() != null) {
                todo.add(e.getCause());
            }
            if (e instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
            todo.addAll(List.of(e.getSuppressed()));
        }
        return out;
    }

    /** One line per throwable found (class, SQLState or error code, message). */
    static String describeAll(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c : everything(t)) {
            sb.append(sb.length() == 0 ? "" : " | ").append(c.getClass().getName());
            if (c instanceof SQLException sql) {
                sb.append(" [").append(sql.getSQLState()).append(']');
            } else if (c instanceof ResourceException re && re.getErrorCode() != null) {
                sb.append(" {").append(re.getErrorCode()).append('}');
            }
            sb.append(": ").append(c.getMessage());
        }
        return Chains.oneLine(sb.toString());
    }

    private static boolean isOutcome(String state) {
        return Chains.FAILOVER_SUCCESS.equals(state) || Chains.TRANSACTION_UNKNOWN.equals(state) || Chains.FAILOVER_FAILED.equals(state);
    }
}
