package dev.aurorajca.itsupport.server;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Drives {@link JmsTxBean} and reports {@link JmsTxMdb}'s failures (issue 12, JTA with JMS).
 * <ul>
 *   <li>{@code POST txjms/send?id=&jms=}: one container-managed transaction (row + message, or
 *       with {@code jms=false} the row only); answers
 *       {@code OK} or {@code ERR <state> <chain>} (state as in {@link TxEdgeServlet}).</li>
 *   <li>{@code GET txjms/mdb}: first line {@code <deliveries> <failures>}, then one line per
 *       failed delivery {@code <state> <chain>}.</li>
 *   <li>{@code POST txjms/reset}: forgets the MDB's counts.</li>
 * </ul>
 */
@WebServlet("/txjms/*")
public class JmsTxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private JmsTxBean bean;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        if (!"/mdb".equals(req.getPathInfo())) {
            resp.sendError(404, "unknown operation " + req.getPathInfo());
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(JmsTxMdb.DELIVERIES.get()).append(' ').append(JmsTxMdb.FAILURES.size()).append('\n');
        for (String f : JmsTxMdb.FAILURES) {
            sb.append(f).append('\n');
        }
        resp.getWriter().print(sb);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        switch (String.valueOf(req.getPathInfo())) {
            case "/send" -> {
                try {
                    long id = Long.parseLong(req.getParameter("id"));
                    if ("false".equals(req.getParameter("jms"))) {
                        bean.insert(id);
                    } else {
                        bean.insertAndSend(id);
                    }
                    resp.getWriter().print("OK");
                } catch (Exception e) {
                    resp.getWriter().print("ERR " + TxEdgeServlet.outcomeState(e) + " " + TxEdgeServlet.describeAll(e));
                }
            }
            case "/reset" -> {
                JmsTxMdb.FAILURES.clear();
                JmsTxMdb.DELIVERIES.set(0);
                resp.getWriter().print("OK");
            }
            default -> resp.sendError(404, "unknown operation " + req.getPathInfo());
        }
    }
}
