package dev.aurorajca.soak.server;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.InitialContext;
import javax.sql.DataSource;

/**
 * The soak's control surface, driven by the runner ({@code dev.aurorajca.soak.report.SoakRunner})
 * over loopback HTTP. Answers are plain text, one value or row per line (tab-separated).
 * <pre>
 * GET start?writer=JNDI&amp;reader=JNDI&amp;writers=4&amp;readers=3&amp;longs=2   starts the workload; answers t0 (epoch ms)
 * GET stats                 per-second rows not fetched yet (see Recorder.drain)
 * GET stop                  stops and joins the workers; answers how many did not stop
 * GET acked                 the acknowledged ids, a BitSet in base64
 * GET errors                error totals by key, then samples ("X" rows)
 * GET pauses?at=ms,ms       per fault (ms since t0): pauseMs and the slowest thread
 * GET reset                 forgets the workload (frees its data)
 * GET jvm                   full GC, then live threads, heap used after GC (bytes), threads by name group
 * </pre>
 */
@WebServlet("/api/*")
public class SoakServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static volatile Workload workload;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        PrintWriter out = resp.getWriter();
        try {
            switch (op) {
                case "start" -> out.println(start(req));
                case "stats" -> {
                    Workload w = required();
                    for (String row : w.recorder().drain("true".equals(req.getParameter("all")))) {
                        out.println(row);
                    }
                    out.println("A\t" + w.recorder().ackedCount());
                }
                case "stop" -> out.println(required().stop(120_000));
                case "acked" -> out.println(Base64.getEncoder().encodeToString(required().recorder().ackedBits()));
                case "errors" -> {
                    Recorder r = required().recorder();
                    r.errorTotals().forEach((k, v) -> out.println("T\t" + k + "\t" + v));
                    for (String s : r.samples()) {
                        out.println("X\t" + s);
                    }
                }
                case "pauses" -> {
                    Workload w = required();
                    int[][] times = w.successTimes();
                    for (String at : req.getParameter("at").split(",")) {
                        if (at.isBlank()) {
                            continue;
                        }
                        long[] p = Pauses.after(times, Long.parseLong(at.trim()));
                        out.println(at.trim() + "\t" + p[0] + "\t" + w.threadName((int) p[1]));
                    }
                }
                case "reset" -> {
                    Workload w = workload;
                    if (w != null) {
                        w.stop(120_000);
                    }
                    workload = null;
                    out.println("ok");
                }
                case "jvm" -> jvm(out);
                default -> resp.sendError(404, "unknown operation: " + op);
            }
        } catch (IllegalStateException e) {
            resp.sendError(409, e.getMessage());
        } catch (Exception e) {
            resp.sendError(500, Classify.describe(e));
        }
    }

    private static Workload required() {
        Workload w = workload;
        if (w == null) {
            throw new IllegalStateException("no workload: call start first");
        }
        return w;
    }

    private static synchronized long start(HttpServletRequest req) throws Exception {
        if (workload != null) {
            throw new IllegalStateException("a workload is running: call reset first");
        }
        InitialContext ctx = new InitialContext();
        DataSource writer = (DataSource) ctx.lookup(req.getParameter("writer"));
        DataSource reader = (DataSource) ctx.lookup(req.getParameter("reader"));
        UserTransaction ut = (UserTransaction) ctx.lookup("java:comp/UserTransaction");
        long firstId = Workload.prepare(writer);
        Workload w = new Workload(writer, reader, ut, firstId);
        w.start(intParam(req, "writers", 4), intParam(req, "readers", 3), intParam(req, "longs", 2));
        workload = w;
        return w.recorder().t0();
    }

    private static int intParam(HttpServletRequest req, String name, int dflt) {
        String v = req.getParameter(name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static void jvm(PrintWriter out) {
        var mem = ManagementFactory.getMemoryMXBean();
        // Three full collections: the second and third collect what finalization/references freed.
        for (int i = 0; i < 3; i++) {
            mem.gc();
        }
        var threads = ManagementFactory.getThreadMXBean();
        out.println("threads\t" + threads.getThreadCount());
        out.println("heap\t" + mem.getHeapMemoryUsage().getUsed());
        Map<String, Integer> groups = new TreeMap<>();
        for (ThreadInfo ti : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (ti != null) {
                groups.merge(ti.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        groups.forEach((k, v) -> out.println("group\t" + k.replace('\t', ' ') + "\t" + v));
    }
}
