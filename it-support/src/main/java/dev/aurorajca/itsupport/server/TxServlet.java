package dev.aurorajca.itsupport.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

/**
 * JTA scenarios over the writer factory ({@link TxBean}'s injected {@code aurora/writer}), one per
 * path; each answers {@code OK <facts>} or {@code ERROR} and the cause chain. {@code id} is the row.
 * <ul>
 * <li>{@code /tx/cmt-commit}: {@code OK <committed 0/1>}</li>
 * <li>{@code /tx/cmt-rollback}: {@code OK <EJBException 0/1> <committed 0/1>}</li>
 * <li>{@code /tx/cmt-two-handles}: {@code OK <connection id a> <connection id b> <b sees a's row 0/1> <committed 0/1>}</li>
 * <li>{@code /tx/ut-commit}: {@code OK <visible outside before commit 0/1> <committed 0/1>}</li>
 * <li>{@code /tx/ut-rollback}: {@code OK <committed 0/1>}</li>
 * <li>{@code /tx/ut-two-handles}: {@code OK <connection id a> <connection id b> <b sees a's row 0/1> <committed after rollback 0/1>}</li>
 * <li>{@code /tx/writer}, {@code /tx/reader}: {@code OK <@@server_id through the EJB's injected factory>}</li>
 * </ul>
 */
@WebServlet("/tx/*")
public class TxServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private TxBean bean;

    @Resource
    private UserTransaction ut;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            bean.createTable();
            long id = req.getParameter("id") == null ? 0 : Long.parseLong(req.getParameter("id"));
            switch (op) {
                case "/cmt-commit" -> {
                    bean.insert(id);
                    out.println("OK " + bit(bean.committed(id)));
                }
                case "/cmt-rollback" -> {
                    boolean threw = false;
                    try {
                        bean.insertThenFail(id);
                    } catch (EJBException expected) {
                        threw = true;
                    }
                    out.println("OK " + bit(threw) + " " + bit(bean.committed(id)));
                }
                case "/cmt-two-handles" -> {
                    long[] r = bean.twoHandles(id);
                    out.println("OK " + r[0] + " " + r[1] + " " + r[2] + " " + bit(bean.committed(id)));
                }
                case "/ut-commit" -> {
                    ut.begin();
                    try {
                        Jdbc.insertRow(bean.writer(), TxBean.TABLE, id);
                        boolean early = bean.committed(id);
                        ut.commit();
                        out.println("OK " + bit(early) + " " + bit(bean.committed(id)));
                    } finally {
                        rollbackIfActive();
                    }
                }
                case "/ut-rollback" -> {
                    ut.begin();
                    try {
                        Jdbc.insertRow(bean.writer(), TxBean.TABLE, id);
                    } finally {
                        ut.rollback();
                    }
                    out.println("OK " + bit(bean.committed(id)));
                }
                case "/ut-two-handles" -> {
                    ut.begin();
                    long a;
                    long b;
                    boolean sees;
                    try (Connection ca = bean.writer().getConnection(); Connection cb = bean.writer().getConnection()) {
                        a = Jdbc.connectionId(ca);
                        b = Jdbc.connectionId(cb);
                        try (PreparedStatement ps = ca.prepareStatement("INSERT INTO " + TxBean.TABLE + " (id) VALUES (?)")) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                        }
                        sees = Jdbc.exists(cb, TxBean.TABLE, id);
                    } finally {
                        ut.rollback();
                    }
                    out.println("OK " + a + " " + b + " " + bit(sees) + " " + bit(bean.committed(id)));
                }
                case "/writer" -> out.println("OK " + bean.writerServerId());
                case "/reader" -> out.println("OK " + bean.readerServerId());
                default -> resp.sendError(404, "unknown scenario " + op);
            }
        } catch (Exception e) {
            rollbackIfActive();
            out.println("ERROR");
            out.println(Chains.describe(e));
        }
    }

    private void rollbackIfActive() {
        try {
            if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
                ut.rollback();
            }
        } catch (Exception e) {
            // the scenario already reported its own failure
        }
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
