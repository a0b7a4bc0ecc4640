package dev.aurorajca.itsupport.server;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Drives {@link XaTxBean} (issue 17, XA with JMS).
 * <ul>
 *   <li>{@code POST xa/commit?jndi=&id=}: row + message; {@code OK} or {@code ERR <state> <chain>}.</li>
 *   <li>{@code POST xa/before?jndi=&id=&gate=}: {@link XaTxBean#crashBeforePrepare}; answers
 *       {@code <what the statement saw>; OK} or {@code <what the statement saw>; ERR <state> <chain>}.</li>
 *   <li>{@code POST xa/after?jndi=&id=&gate=}: {@link XaTxBean#crashAfterPrepare}; {@code OK} or {@code ERR ...}.</li>
 *   <li>{@code GET xa/gate?name=}: {@code none} or {@code waiting <what>}; {@code POST xa/open?name=} opens it.</li>
 *   <li>{@code GET xa/receive?ms=}: the next message on the queue, or {@code NONE}.</li>
 * </ul>
 */
@WebServlet("/xa/*")
public class XaTxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private XaTxBean bean;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        switch (String.valueOf(req.getPathInfo())) {
            case "/gate" -> resp.getWriter().print(XaGate.state(req.getParameter("name")));
            case "/receive" -> {
                String body = bean.receive(Long.parseLong(req.getParameter("ms")));
                resp.getWriter().print(body == null ? "NONE" : body);
            }
            default -> resp.sendError(404, "unknown operation " + req.getPathInfo());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String jndi = req.getParameter("jndi");
        String gate = req.getParameter("gate");
        switch (String.valueOf(req.getPathInfo())) {
            case "/commit" -> answer(resp, () -> {
                bean.rowAndMessage(jndi, id(req));
                return "";
            });
            case "/before" -> {
                answer(resp, () -> {
                    bean.crashBeforePrepare(jndi, id(req), gate);
                    return "";
                }, () -> XaGate.noteOf(gate));
                XaGate.forget(gate);
            }
            case "/after" -> {
                answer(resp, () -> {
                    bean.crashAfterPrepare(jndi, id(req), gate);
                    return "";
                });
                XaGate.forget(gate);
            }
            case "/open" -> {
                XaGate.open(req.getParameter("name"));
                resp.getWriter().print("OK");
            }
            default -> resp.sendError(404, "unknown operation " + req.getPathInfo());
        }
    }

    private static long id(HttpServletRequest req) {
        return Long.parseLong(req.getParameter("id"));
    }

    @FunctionalInterface
    private interface Work {
        String run() throws Exception;
    }

    private static void answer(HttpServletResponse resp, Work work) throws IOException {
        answer(resp, work, null);
    }

    /** {@code OK} or {@code ERR <state> <chain>}, after {@code prefix}'s text and "; " when given. */
    private static void answer(HttpServletResponse resp, Work work, java.util.function.Supplier<String> prefix) throws IOException {
        String result;
        try {
            work.run();
            result = "OK";
        } catch (Exception e) {
            result = "ERR " + TxEdgeServlet.outcomeState(e) + " " + TxEdgeServlet.describeAll(e);
        }
        resp.getWriter().print((prefix == null ? "" : prefix.get() + "; ") + result);
    }
}
