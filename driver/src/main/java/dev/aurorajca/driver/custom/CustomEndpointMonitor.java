package dev.aurorajca.driver.custom;

import java.sql.SQLException;
import dev.aurorajca.driver.time.Scheduler;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one custom endpoint's description fresh: reads it at once, then every
 * {@code refreshRateMs} on the runtime's scheduler (no thread of its own). A throttled call
 * doubles the delay before the next one, up to {@link #MAX_BACKOFF_FACTOR} times the refresh
 * rate; the first successful call returns to the refresh rate. Other failures keep the last
 * known description and try again at the refresh rate.
 */
final class CustomEndpointMonitor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CustomEndpointMonitor.class.getName());
    static final int MAX_BACKOFF_FACTOR = 16;

    private final String endpointId;
    private final long refreshRateMs;
    private final Scheduler scheduler;
    private final EndpointInfoFetcher fetcher;
    private final Object lock = new Object();
    private final AtomicLong calls = new AtomicLong();

    private volatile CustomEndpointInfo info;
    private volatile SQLException lastError;
    private volatile long currentDelayMs;
    // guarded by lock
    private Future<?> next;
    private boolean closed;

    CustomEndpointMonitor(String endpointId, long refreshRateMs, Scheduler scheduler, EndpointInfoFetcher fetcher) {
        this.endpointId = endpointId;
        this.refreshRateMs = refreshRateMs;
        this.scheduler = scheduler;
        this.fetcher = fetcher;
        this.currentDelayMs = refreshRateMs;
        synchronized (lock) {
            next = scheduler.schedule(this::refresh, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** The last description read, or null before the first successful call. */
    CustomEndpointInfo info() { return info; }

    /** The delay before the next call now: the refresh rate, or more while throttled. */
    long currentDelayMs() { return currentDelayMs; }

    /** How many calls the monitor has made. */
    long calls() { return calls.get(); }

    /** Waits until a description is known or {@code timeoutMs} passes; null then. */
    CustomEndpointInfo await(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (info == null && !closed) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
        }
        return info;
    }

    /** Why the last call failed, or null when it succeeded. */
    SQLException lastError() { return lastError; }

    private void refresh() {
        long delay = refreshRateMs;
        try {
            calls.incrementAndGet();
            CustomEndpointInfo fresh = fetcher.fetch(endpointId);
            CustomEndpointInfo old = info;
            lastError = null;
            synchronized (lock) {
                info = fresh;
                lock.notifyAll();
            }
            if (old != null && !old.equals(fresh)) {
                LOG.info("aurora-jca custom_endpoint: " + endpointId + " changed: " + describe(old) + " -> " + describe(fresh));
            } else if (old == null) {
                LOG.fine(() -> "aurora-jca custom_endpoint: " + endpointId + " is " + describe(fresh));
            }
        } catch (EndpointInfoFetcher.ThrottledException e) {
            lastError = e;
            delay = Math.min(currentDelayMs * 2, refreshRateMs * MAX_BACKOFF_FACTOR);
            long d = delay;
            LOG.fine(() -> "aurora-jca custom_endpoint: " + endpointId + ": throttled; next call in " + d + " ms");
        } catch (SQLException | RuntimeException e) {
            lastError = e instanceof SQLException s ? s : new SQLException(e.toString(), "08001", e);
            LOG.log(Level.FINE, "aurora-jca custom_endpoint: reading " + endpointId + " failed; will retry", e);
        } finally {
            currentDelayMs = delay;
            synchronized (lock) {
                if (!closed) {
                    next = scheduler.schedule(this::refresh, delay, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private static String describe(CustomEndpointInfo i) {
        return i.type() + (i.staticMembers().isEmpty() ? "" : " static " + i.staticMembers())
                + (i.excludedMembers().isEmpty() ? "" : " excluded " + i.excludedMembers());
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
            lock.notifyAll();
        }
        fetcher.close();
    }
}
