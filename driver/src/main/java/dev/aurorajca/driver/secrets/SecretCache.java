package dev.aurorajca.driver.secrets;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import dev.aurorajca.driver.time.Scheduler;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Secrets by {@link SecretKey}, one cache per runtime (shared by every configuration in it).
 *
 * <p>Stale-while-revalidate: a secret is fetched once, then re-fetched on the runtime's scheduler
 * at 80% of its lifetime ({@code secretsManagerExpirationTimeSec}), so a connect never waits for
 * AWS once the cache is warm. When a refresh fails (Secrets Manager unreachable, throttled) the
 * cached value keeps serving connects and the refresh is retried with backoff; the first failure
 * of a streak is logged as a warning, the recovery at INFO. A secret no connect asked for in three
 * lifetimes stops being refreshed; its next connect fetches it (or, if that fails, uses the old
 * value). A value that changed is logged once at INFO with its version ids, never its content.
 */
final class SecretCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SecretCache.class.getName());
    private static final long MIN_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 60_000;

    /** What a lookup found and whether it came from the cache. */
    record Lookup(DbCredentials credentials, boolean cached) {
        @Override
        public String toString() {
            return "Lookup[" + credentials + ", cached=" + cached + "]";
        }
    }

    private static final class Entry {
        final SecretKey key;
        /** Held while fetching: one fetch per key at a time, a burst of connects waits for it. */
        final Object lock = new Object();
        volatile DbCredentials value;
        volatile long fetchedAt;
        volatile long lifetimeMs;
        volatile long lastUsed;
        volatile SecretFetcher fetcher;
        /** The scheduled refresh, null when none is scheduled. Guarded by lock. */
        Future<?> refresh;
        /**
         * A background refresh is scheduled or running: a connect may use an expired value without
         * waiting (read without the lock, which a refresh holds while it calls AWS).
         */
        volatile boolean background;
        /** Consecutive failed refreshes. Guarded by lock. */
        int failures;

        Entry(SecretKey key) {
            this.key = key;
        }
    }

    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Map<SecretKey, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SecretCache(ScheduledExecutorService scheduler, LongSupplier clockMillis) {
        this(Scheduler.of(scheduler), clockMillis);
    }

    SecretCache(Scheduler scheduler, LongSupplier clockMillis) {
        this.scheduler = scheduler;
        this.clock = clockMillis;
    }

    /**
     * The user and password for {@code key}: the cached ones (fresh, or stale while a background
     * refresh is under way), else fetched now. Throws only when nothing is cached and the fetch
     * failed.
     */
    Lookup get(SecretKey key, long lifetimeMs, SecretFetcher fetcher) throws SQLException {
        Entry e = entries.computeIfAbsent(key, Entry::new);
        long now = clock.getAsLong();
        e.lastUsed = now;
        e.fetcher = fetcher;
        e.lifetimeMs = lifetimeMs;
        DbCredentials v = e.value;
        if (v != null && (now < e.fetchedAt + lifetimeMs || e.background)) {
            return new Lookup(v, true);
        }
        synchronized (e.lock) {
            v = e.value;
            if (v != null && (clock.getAsLong() < e.fetchedAt + lifetimeMs || e.background)) {
                return new Lookup(v, true); // another connect fetched it while this one waited
            }
            try {
                return new Lookup(fetch(e, fetcher), false);
            } catch (SQLException ex) {
                if (v == null) {
                    throw ex;
                }
                // Expired, idle (no refresh scheduled) and Secrets Manager failed: the old value is
                // the best there is; the background refresh takes over from here.
                failed(e, ex);
                return new Lookup(v, true);
            }
        }
    }

    /**
     * A value newer than {@code rejected} (which the database refused): the cached one if another
     * connect already fetched a different value, else one fetched now, bypassing the cache.
     */
    DbCredentials refetch(SecretKey key, DbCredentials rejected, long lifetimeMs, SecretFetcher fetcher) throws SQLException {
        Entry e = entries.computeIfAbsent(key, Entry::new);
        e.lastUsed = clock.getAsLong();
        e.fetcher = fetcher;
        e.lifetimeMs = lifetimeMs;
        synchronized (e.lock) {
            DbCredentials v = e.value;
            if (v != null && !v.equals(rejected)) {
                return v;
            }
            return fetch(e, fetcher);
        }
    }

    /** Fetches, stores, logs a change, and schedules the next refresh. Caller holds {@code e.lock}. */
    private DbCredentials fetch(Entry e, SecretFetcher fetcher) throws SQLException {
        DbCredentials fresh = fetcher.fetch(e.key);
        DbCredentials old = e.value;
        e.value = fresh;
        e.fetchedAt = clock.getAsLong();
        if (old != null && !old.equals(fresh)) {
            LOG.info(() -> "aurora-jca aws_secrets_manager: " + e.key + " changed (version " + old.versionId() + " -> "
                    + fresh.versionId() + (old.username().equals(fresh.username()) ? ", same user" : ", user now " + fresh.username())
                    + "); new logins use it");
        }
        if (e.failures > 0) {
            LOG.info(() -> "aurora-jca aws_secrets_manager: read " + e.key + " again after " + e.failures + " failed attempt(s)");
            e.failures = 0;
        }
        schedule(e, Math.max(1, e.lifetimeMs * 4 / 5));
        return fresh;
    }

    /** Caller holds {@code e.lock}. */
    private void schedule(Entry e, long delayMs) {
        if (e.refresh != null) {
            e.refresh.cancel(false);
            e.refresh = null;
        }
        if (closed) {
            e.background = false;
            return;
        }
        try {
            e.refresh = scheduler.schedule(() -> refresh(e), delayMs, TimeUnit.MILLISECONDS);
            e.background = true;
        } catch (RejectedExecutionException ex) {
            e.refresh = null; // the runtime is closing
            e.background = false;
        }
    }

    /** The background refresh: runs on the runtime's scheduler. */
    private void refresh(Entry e) {
        synchronized (e.lock) {
            e.refresh = null;
            if (closed || entries.get(e.key) != e) {
                e.background = false;
                return;
            }
            long now = clock.getAsLong();
            if (now - e.lastUsed > 3 * e.lifetimeMs) {
                e.background = false;
                LOG.fine(() -> "aurora-jca aws_secrets_manager: " + e.key + " unused for " + (now - e.lastUsed) + " ms; no longer refreshed");
                return;
            }
            try {
                fetch(e, e.fetcher);
            } catch (SQLException | RuntimeException ex) {
                failed(e, ex);
            }
        }
    }

    /** Logs the first failure of a streak and schedules a retry with backoff. Caller holds {@code e.lock}. */
    private void failed(Entry e, Exception ex) {
        e.failures++;
        long lifetime = e.lifetimeMs;
        long retry = Math.min(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, lifetime)),
                MIN_RETRY_MS << Math.min(10, e.failures - 1));
        if (e.failures == 1) {
            // The message is ours or the SDK's: it names the secret and the cause, never the value.
            LOG.warning("aurora-jca aws_secrets_manager: could not refresh " + e.key + "; connections keep using the cached value "
                    + "(version " + e.value.versionId() + ") and it is retried with backoff: " + ex.getMessage());
        } else {
            int n = e.failures;
            LOG.fine(() -> "aurora-jca aws_secrets_manager: refresh " + n + " of " + e.key + " failed: " + ex.getMessage());
        }
        schedule(e, retry);
    }

    /** Keys cached, for tests and toString. */
    int size() {
        return entries.size();
    }

    /** Stops every refresh and forgets every value. */
    @Override
    public void close() {
        closed = true;
        for (Entry e : entries.values()) {
            synchronized (e.lock) {
                if (e.refresh != null) {
                    e.refresh.cancel(false);
                    e.refresh = null;
                }
                e.background = false;
                e.value = null;
            }
        }
        entries.clear();
    }

    @Override
    public String toString() {
        return "SecretCache[" + entries.size() + " secrets, keys=" + entries.keySet() + "]";
    }
}
