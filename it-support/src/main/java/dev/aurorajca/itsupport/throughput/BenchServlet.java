package dev.aurorajca.itsupport.throughput;

import dev.aurorajca.itsupport.server.Chains;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


/**
 * Throughput of a simple loop through a factory, for the side-by-side numbers of issue 4.
 * {@code POST /bench?jndi=J&op=read|write&threads=T&millis=M&rows=R&base=B}: T threads, each a
 * loop of getConnection + one statement + close for M ms; answers {@code <ops> <errors> <first error>}.
 * read: {@code SELECT v FROM bench_r WHERE id = ?} over ids 1..R; write: an autocommit
 * {@code INSERT INTO bench_w} of ids B, B+1, ….
 */
@WebServlet("/bench")
public class BenchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            DataSource ds = (DataSource) new InitialContext().lookup(req.getParameter("jndi"));
            boolean read = "read".equals(req.getParameter("op"));
            int threads = Integer.parseInt(req.getParameter("threads"));
            long millis = Long.parseLong(req.getParameter("millis"));
            int rows = Integer.parseInt(req.getParameter("rows"));
            AtomicLong nextId = new AtomicLong(Long.parseLong(req.getParameter("base")));
            AtomicLong ops = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>("-");
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() - end < 0) {
                        try (Connection c = ds.getConnection()) {
                            if (read) {
                                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM bench_r WHERE id = ?")) {
                                    ps.setInt(1, 1 + rnd.nextInt(rows));
                                    try (ResultSet rs = ps.executeQuery()) {
                                        rs.next();
                                    }
                                }
                            } else {
                                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_w (id, v) VALUES (?, 'w')")) {
                                    ps.setLong(1, nextId.getAndIncrement());
                                    ps.executeUpdate();
                                }
                            }
                            ops.incrementAndGet();
                        } catch (Exception | Error e) {
                            // An Error too (e.g. a LinkageError from a second driver copy): a thread that
                            // died silently would report "0 ops, 0 errors".
                            errors.incrementAndGet();
                            firstError.compareAndSet("-", Chains.oneLine(Chains.describe(e)));
                        }
                    }
                }, "it-bench-" + t);
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            resp.getWriter().println(ops.get() + " " + errors.get() + " " + firstError.get());
        } catch (Exception e) {
            resp.setStatus(500);
            resp.getWriter().println(Chains.describe(e));
        }
    }
}
