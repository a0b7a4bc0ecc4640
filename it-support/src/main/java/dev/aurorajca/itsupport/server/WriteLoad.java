package dev.aurorajca.itsupport.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import javax.sql.DataSource;

/**
 * N threads, each a loop of requests: getConnection, one autocommit INSERT of a unique id, close.
 * Each request is recorded with its start and end (epoch microseconds, the machine's wall clock,
 * which the client JVM shares) and its outcome. Requests are paced per thread (a rate limit so
 * the threads do not starve the server and the three MariaDB servers of the 2 cores; not a wait
 * for any condition).
 * <p>
 * Failures are classified by SQLState ({@link Chains#significant}), never by driver class, so this
 * class compiles and deploys without the driver. A caller whose WAR does see the driver (WildFly:
 * through the rar's module) may also pass a {@code driverClass} test; it is recorded per request.
 */
public final class WriteLoad {

    /**
     * One request. {@code state} is "OK" or the SQLState of the significant exception;
     * {@code driverClass} "true"/"false": whether the chain holds an exception the caller's
     * {@code driverClass} test accepts (e.g. the driver's failover exception classes), or "-" if the
     * load was started without one (or for an OK request);
     * {@code afterFailover}, for 08S02/08007, {@code <CONNECTION_ID()>@<@@server_id>} read through
     * the same handle right after the exception (or {@code UNUSABLE:…}), else "-".
     */
    public record Request(int thread, long id, long startMicros, long endMicros, String state, int errorCode,
                          String driverClass, String afterFailover, String detail) {
        /** The load servlet's line for this request (tab-separated, one line). */
        public String line() {
            return String.join("\t", Integer.toString(thread), Long.toString(id), Long.toString(startMicros),
                    Long.toString(endMicros), state, Integer.toString(errorCode), driverClass,
                    afterFailover, Chains.oneLine(detail));
        }

        /** The inverse of {@link #line()} (client side). */
        public static Request parse(String line) {
            String[] f = line.split("\t", 9);
            return new Request(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    f[4], Integer.parseInt(f[5]), f[6], f[7], f.length > 8 ? f[8] : "");
        }

        public boolean ok() {
            return "OK".equals(state);
        }

        /** Failed with a failover outcome the application may continue after: 08S02 or 08007. */
        public boolean failedOver() {
            return Chains.FAILOVER_SUCCESS.equals(state) || Chains.TRANSACTION_UNKNOWN.equals(state);
        }

        /** MySQL CONNECTION_ID() the handle had right after its failover, or -1. */
        public long connectionAfter() {
            return afterFailover.matches("\\d+@\\d+") ? Long.parseLong(afterFailover.split("@")[0]) : -1;
        }

        /** {@code @@server_id} the handle was on right after its failover, or -1. */
        public int serverAfter() {
            return afterFailover.matches("\\d+@\\d+") ? Integer.parseInt(afterFailover.split("@")[1]) : -1;
        }
    }

    private final DataSource ds;
    private final String table;
    private final int threads;
    private final long periodNanos;
    private final Predicate<Throwable> driverClass;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    public WriteLoad(DataSource ds, String table, int threads, long periodMillis) {
        this(ds, table, threads, periodMillis, null);
    }

    /** {@code driverClass}: recorded per failed request (whether any throwable in the chain matches); null: not recorded. */
    public WriteLoad(DataSource ds, String table, int threads, long periodMillis, Predicate<Throwable> driverClass) {
        this.driverClass = driverClass;
        this.ds = ds;
        this.table = table;
        this.threads = threads;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    }

    public void start() {
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> loop(thread), "it-write-load-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
    }

    private void loop(int thread) {
        long seq = 0;
        long next = System.nanoTime();
        while (running.get()) {
            long id = thread * 100_000_000L + seq++;
            requests.add(request(thread, id));
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private Request request(int thread, long id) {
        long start = nowMicros();
        Connection c = null;
        try {
            c = ds.getConnection();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, thread) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setInt(2, thread);
                ps.executeUpdate();
            }
            // Acknowledged: autocommit, executeUpdate returned. A failure in close() still counts
            // against the request: the application saw an exception.
            Connection closing = c;
            c = null;
            closing.close();
            return new Request(thread, id, start, nowMicros(), "OK", 0, "-", "-", "");
        } catch (Exception e) {
            long end = nowMicros();
            Throwable s = Chains.significant(e);
            String matched = "-";
            if (driverClass != null) {
                matched = Boolean.toString(Chains.chain(e).stream().anyMatch(driverClass));
            }
            String state = Chains.sqlState(s);
            String after = "-";
            if (c != null && (Chains.FAILOVER_SUCCESS.equals(state) || Chains.TRANSACTION_UNKNOWN.equals(state))) {
                // The contract: the connection moved and is usable, the application may go on with
                // it. Record where it now is, so the client can check the pool kept it.
                try {
                    after = Jdbc.connectionId(c) + "@" + Jdbc.serverId(c);
                } catch (Exception again) {
                    after = "UNUSABLE:" + Chains.oneLine(Chains.describe(again));
                }
            }
            return new Request(thread, id, start, end, state, Chains.errorCode(s), matched, after, Chains.describe(e));
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the request already failed; its exception is what counts
                }
            }
        }
    }

    /** Stops the threads, waiting at most {@code timeoutMillis} for each in-flight request. */
    public List<Request> stop(long timeoutMillis) throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread w : workers) {
            w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (w.isAlive()) {
                throw new IllegalStateException(w.getName() + " still in a request after " + timeoutMillis + " ms: "
                        + java.util.Arrays.toString(w.getStackTrace()));
            }
        }
        return new ArrayList<>(requests);
    }

    /** Successful requests so far that started at or after {@code afterMicros}. */
    public long okSince(long afterMicros) {
        long n = 0;
        for (Request r : requests) {
            if (r.startMicros() >= afterMicros && "OK".equals(r.state())) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return requests.size();
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return ChronoUnit.MICROS.between(Instant.EPOCH, now);
    }
}
