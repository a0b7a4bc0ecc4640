package dev.aurorajca.driver.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cache's logic with a fake fetcher and a fake clock; the scheduler's tasks are run by hand. */
@DisplayName("secret cache: one fetch per burst, stale while refreshing, refetch after a refusal")
@org.junit.jupiter.api.Tag("unit")
class SecretCacheTest {

    private static final SecretKey KEY = new SecretKey("db", "us-east-1", "", "default-chain", "username", "password");
    private static final long LIFETIME = 10_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    /** Never runs a task on its own (no thread is started until a task is due, and none is due: delays are long). */
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final SecretCache cache = newCache();

    private SecretCache newCache() {
        scheduler.setRemoveOnCancelPolicy(true); // as the runtime's scheduler does
        return new SecretCache(scheduler, now::get);
    }

    /** A fetcher whose answer and failure the test sets. */
    private static final class FakeFetcher implements SecretFetcher {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<DbCredentials> value = new AtomicReference<>(new DbCredentials("app", "pw1", "v1"));
        volatile SQLException failure;
        volatile CountDownLatch gate;

        @Override
        public DbCredentials fetch(SecretKey key) throws SQLException {
            calls.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return value.get();
        }

        @Override
        public void close() { }
    }

    @AfterEach
    void stop() throws InterruptedException {
        cache.close();
        scheduler.shutdownNow();
        assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a burst of 8 concurrent connects fetches once")
    void burstFetchesOnce() throws Exception {
        FakeFetcher f = new FakeFetcher();
        f.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SecretCache.Lookup>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit((Callable<SecretCache.Lookup>) () -> cache.get(KEY, LIFETIME, f)));
            }
            f.gate.countDown();
            for (Future<SecretCache.Lookup> r : all) {
                assertEquals("pw1", r.get(10, TimeUnit.SECONDS).credentials().password());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, f.calls.get());
        assertEquals(1, scheduler.getQueue().size(), "one background refresh scheduled");
    }

    @Test
    @DisplayName("after expiry, with a refresh scheduled, connects use the cached value without waiting for AWS")
    void staleWhileRefreshScheduled() throws Exception {
        FakeFetcher f = new FakeFetcher();
        cache.get(KEY, LIFETIME, f);
        now.addAndGet(LIFETIME * 5);
        f.failure = new SQLException("unreachable");
        SecretCache.Lookup l = cache.get(KEY, LIFETIME, f);
        assertTrue(l.cached());
        assertEquals("pw1", l.credentials().password());
        assertEquals(1, f.calls.get(), "no synchronous fetch while a background refresh is scheduled");
    }

    @Test
    @DisplayName("the first fetch failing is an error; nothing is cached")
    void firstFetchFails() {
        FakeFetcher f = new FakeFetcher();
        f.failure = new SQLException("no such secret");
        SQLException e = assertThrows(SQLException.class, () -> cache.get(KEY, LIFETIME, f));
        assertEquals("no such secret", e.getMessage());
        f.failure = null;
        assertDoesFetch(f);
    }

    private void assertDoesFetch(FakeFetcher f) {
        int before = f.calls.get();
        try {
            assertFalse(cache.get(KEY, LIFETIME, f).cached());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(before + 1, f.calls.get());
    }

    @Test
    @DisplayName("refetch bypasses the cache, but returns a newer value another connect already fetched")
    void refetch() throws Exception {
        FakeFetcher f = new FakeFetcher();
        DbCredentials first = cache.get(KEY, LIFETIME, f).credentials();
        f.value.set(new DbCredentials("app", "pw2", "v2"));
        DbCredentials second = cache.refetch(KEY, first, LIFETIME, f);
        assertEquals("pw2", second.password());
        assertEquals(2, f.calls.get());
        assertSame(second, cache.refetch(KEY, first, LIFETIME, f), "already newer than the refused one: no fetch");
        assertEquals(2, f.calls.get());
        assertEquals("pw2", cache.get(KEY, LIFETIME, f).credentials().password(), "the cache holds the new value");
    }

    @Test
    @DisplayName("close cancels the background refresh")
    void closeCancels() throws Exception {
        FakeFetcher f = new FakeFetcher();
        cache.get(KEY, LIFETIME, f);
        assertEquals(1, scheduler.getQueue().size());
        cache.close();
        assertEquals(0, scheduler.getQueue().size(), "removed from the queue (remove-on-cancel)");
    }
}
