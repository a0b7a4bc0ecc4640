package dev.aurorajca.benchmarks.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The application thread: runs {@code SELECT @@server_id} on one connection in a loop (a new
 * Statement each time, as statements made before a failover are stale). It notes when the first
 * failover outcome ({@code 08S02}/{@code 08007}) arrives and when the next statement succeeds,
 * then stops.
 */
final class AppLoop implements Runnable {

    private final Connection connection;
    private final long pauseNanos;
    private final CountDownLatch warm = new CountDownLatch(50);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stop;

    // Written by the loop thread, read after done.
    volatile Instant outcomeAt;
    volatile String outcomeState;
    volatile Instant successAt;
    volatile int successServerId;
    volatile long statements;
    final List<String> errors = new ArrayList<>();

    AppLoop(Connection connection, long pauseNanos) {
        this.connection = connection;
        this.pauseNanos = pauseNanos;
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                    rs.next();
                    int id = rs.getInt(1);
                    Instant now = Instant.now();
                    statements++;
                    warm.countDown();
                    if (outcomeAt != null) {
                        successAt = now;
                        successServerId = id;
                        return;
                    }
                } catch (SQLException e) {
                    Instant now = Instant.now();
                    String state = e.getSQLState();
                    synchronized (errors) {
                        errors.add(state + " " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
                    }
                    if ("08S02".equals(state) || "08007".equals(state)) {
                        if (outcomeAt == null) {
                            outcomeAt = now;
                            outcomeState = state;
                        }
                    } else if ("08001".equals(state) || "08003".equals(state)) {
                        outcomeState = state;
                        return; // failover failed or the connection is gone: nothing more to learn
                    }
                }
                if (pauseNanos > 0) {
                    LockSupport.parkNanos(pauseNanos);
                }
            }
        } finally {
            done.countDown();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    boolean awaitWarm(long ms) throws InterruptedException {
        return warm.await(ms, TimeUnit.MILLISECONDS);
    }

    boolean awaitDone(long ms) throws InterruptedException {
        return done.await(ms, TimeUnit.MILLISECONDS);
    }

    void stop() {
        stop = true;
    }

    List<String> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }
}
