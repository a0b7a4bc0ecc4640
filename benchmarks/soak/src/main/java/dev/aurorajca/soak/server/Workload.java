package dev.aurorajca.soak.server;

import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The soak's mixed workload, run in the server through the adapter's factories:
 * <ul>
 * <li>writers: JTA transactions ({@code UserTransaction}) of three INSERTs on the writer factory;
 *     a write is acknowledged when {@code commit()} returned;</li>
 * <li>readers: one SELECT by primary key through the reader factory (autocommit);</li>
 * <li>long queries: {@code SELECT SLEEP(2)} plus a count over the table, one thread on each
 *     factory; a SLEEP that returns 1 was cut short on the server while the driver reported
 *     success, which is counted as an untyped error.</li>
 * </ul>
 * Every exception a call ends with is application-visible: it is classified ({@link Classify})
 * and counted; the worker then goes on with its next call (no retry: the soak shows what an
 * application sees). Threads are plain threads named {@code soak-...}, all joined by {@link #stop}.
 */
public final class Workload {
    private static final int WRITE = 0;
    private static final int READ = 1;
    private static final int LONG = 2;

    private final DataSource writer;
    private final DataSource reader;
    private final UserTransaction ut;
    private final Recorder rec = new Recorder();
    private final AtomicLong nextId;
    private final List<Thread> threads = new ArrayList<>();
    private final List<int[]> successBuf = new ArrayList<>();
    private final List<int[]> successLen = new ArrayList<>();
    private final List<String> threadKinds = new ArrayList<>();
    private volatile boolean running = true;

    public Workload(DataSource writer, DataSource reader, UserTransaction ut, long firstId) {
        this.writer = writer;
        this.reader = reader;
        this.ut = ut;
        this.nextId = new AtomicLong(firstId);
    }

    /** Creates the table if needed and returns the first free id. */
    public static long prepare(DataSource writer) throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS soak_write (id BIGINT PRIMARY KEY, thread INT NOT NULL,"
                    + " payload VARCHAR(64) NOT NULL, created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM soak_write")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Recorder recorder() {
        return rec;
    }

    public void start(int writers, int readers, int longs) {
        for (int i = 0; i < writers; i++) {
            spawn("write", i, this::writeTx, 15);
        }
        for (int i = 0; i < readers; i++) {
            spawn("read", i, this::read, 10);
        }
        for (int i = 0; i < longs; i++) {
            DataSource ds = i % 2 == 0 ? writer : reader;
            spawn("long", i, t -> longQuery(ds), 500);
        }
    }

    private interface Op {
        void run(int thread) throws Exception;
    }

    private void spawn(String kind, int n, Op op, long thinkMs) {
        int index = threads.size();
        int kindNo = kind.equals("write") ? WRITE : kind.equals("read") ? READ : LONG;
        successBuf.add(new int[1024]);
        successLen.add(new int[1]);
        threadKinds.add(kind);
        Thread t = new Thread(() -> {
            int[] len = successLen.get(index);
            while (running) {
                long s = System.nanoTime();
                try {
                    op.run(index);
                    long e = System.nanoTime();
                    long now = System.currentTimeMillis();
                    rec.ok(kindNo, s, e, now);
                    synchronized (len) {
                        int[] buf = successBuf.get(index);
                        if (len[0] == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                            successBuf.set(index, buf);
                        }
                        buf[len[0]++] = (int) (now - rec.t0());
                    }
                } catch (Throwable ex) {
                    String key;
                    try {
                        key = key(ex);
                    } catch (RuntimeException bug) {
                        key = "unclassified:" + bug;
                    }
                    rec.error(kindNo, key, ex instanceof Interrupted ? null : ex, System.currentTimeMillis());
                }
                // pacing: a steady, moderate load on a shared machine (not a wait for a condition)
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(thinkMs));
            }
        }, "soak-" + kind + "-" + n);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static String key(Throwable ex) {
        return ex instanceof Interrupted ? "SLEEP_INTERRUPTED" : Classify.of(ex);
    }

    /** A long query that the server cut short (SLEEP returned 1) although the call "succeeded". */
    private static final class Interrupted extends Exception {
        Interrupted() {
            super("SLEEP returned 1", null, false, false);
        }
    }

    private void writeTx(int thread) throws Exception {
        long id = nextId.getAndAdd(3);
        ut.begin();
        try {
            try (Connection c = writer.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO soak_write (id, thread, payload) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setLong(1, id + i);
                    ps.setInt(2, thread);
                    ps.setString(3, "soak " + (id + i));
                    ps.executeUpdate();
                }
            }
        } catch (Throwable t) {
            endQuietly();
            throw t;
        }
        try {
            ut.commit();
        } catch (Throwable t) {
            endQuietly();
            throw t;
        }
        rec.acked(id, 3);
    }

    private void endQuietly() {
        try {
            if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
                ut.rollback();
            }
        } catch (Exception ignored) {
            // the exception the caller throws is what the application sees
        }
    }

    private void read(int thread) throws SQLException {
        long max = Math.max(2, nextId.get() - 1);
        try (Connection c = reader.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payload FROM soak_write WHERE id = ?")) {
            ps.setLong(1, ThreadLocalRandom.current().nextLong(1, max));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private void longQuery(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SLEEP(2), (SELECT COUNT(*) FROM soak_write)")) {
            rs.next();
            if (rs.getInt(1) != 0) {
                throw new Interrupted();
            }
        }
    }

    /** Stops the workers and waits for them (each finishes its current call). */
    public int stop(long timeoutMs) throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + timeoutMs;
        int alive = 0;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (t.isAlive()) {
                alive++;
            }
        }
        return alive;
    }

    /** Per write/read thread, the completion times of its successful calls (long-query threads left out). */
    public int[][] successTimes() {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            if (threadKinds.get(i).equals("long")) {
                continue;
            }
            int[] len = successLen.get(i);
            synchronized (len) {
                out.add(Arrays.copyOf(successBuf.get(i), len[0]));
            }
        }
        return out.toArray(new int[0][]);
    }

    public String threadName(int successIndex) {
        int n = -1;
        for (int i = 0; i < threads.size(); i++) {
            if (!threadKinds.get(i).equals("long") && ++n == successIndex) {
                return threads.get(i).getName();
            }
        }
        return "?";
    }
}
