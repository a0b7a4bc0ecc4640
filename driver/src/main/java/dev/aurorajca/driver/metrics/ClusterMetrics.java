package dev.aurorajca.driver.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event counters of one cluster in one runtime. Only rare events touch it (a connection's
 * failover starting and ending, an instance declared dead), so a small lock on the failover path
 * is fine; the statement path never sees this class.
 *
 * <p>Connection failovers that overlap in time are one cluster failover: it starts when the
 * first of them starts and ends when the last of them ends; it succeeded when at least one of
 * them reached a healthy instance. Callers pass {@link System#nanoTime()} readings, so the
 * logic is testable with made-up times.
 */
public final class ClusterMetrics {

    private final AtomicLong connectionFailoversSucceeded = new AtomicLong();
    private final AtomicLong connectionFailoversFailed = new AtomicLong();
    private final AtomicLong failoversSucceeded = new AtomicLong();
    private final AtomicLong failoversFailed = new AtomicLong();
    private final AtomicLong hostsDeclaredDown = new AtomicLong();
    private volatile long lastFailoverMillis = -1;

    private final Object lock = new Object();
    // guarded by lock: the cluster failover in progress
    private int inFlight;
    private long eventStartNanos;
    private boolean eventSucceeded;

    /** A connection of this cluster starts failing over at {@code nowNanos}. Pair with {@link #failoverEnded}. */
    public void failoverStarted(long nowNanos) {
        synchronized (lock) {
            if (inFlight++ == 0) {
                eventStartNanos = nowNanos;
                eventSucceeded = false;
            }
        }
    }

    /** The connection failover started by {@link #failoverStarted} ended at {@code nowNanos}. */
    public void failoverEnded(boolean succeeded, long nowNanos) {
        (succeeded ? connectionFailoversSucceeded : connectionFailoversFailed).incrementAndGet();
        synchronized (lock) {
            if (inFlight == 0) {
                return; // an unpaired end: count the connection, invent no cluster failover
            }
            eventSucceeded |= succeeded;
            if (--inFlight == 0) {
                lastFailoverMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, nowNanos - eventStartNanos));
                (eventSucceeded ? failoversSucceeded : failoversFailed).incrementAndGet();
            }
        }
    }

    /** Host monitoring declared an instance of this cluster dead. */
    public void hostDeclaredDown() {
        hostsDeclaredDown.incrementAndGet();
    }

    public long failoversSucceeded() { return failoversSucceeded.get(); }

    public long failoversFailed() { return failoversFailed.get(); }

    public long connectionFailoversSucceeded() { return connectionFailoversSucceeded.get(); }

    public long connectionFailoversFailed() { return connectionFailoversFailed.get(); }

    /** Duration of the last completed cluster failover in ms; -1 before the first. */
    public long lastFailoverMillis() { return lastFailoverMillis; }

    public long hostsDeclaredDown() { return hostsDeclaredDown.get(); }
}
