package dev.aurorajca.driver.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.iam.IamTestSupport.CountingGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("iam: token cache")
@org.junit.jupiter.api.Tag("unit")
class IamTokenCacheTest {

    private static final TokenKey KEY = new TokenKey("us-east-1", "db.cluster-abc.us-east-1.rds.amazonaws.com", 3306, "app");

    private final CountingGenerator gen = new CountingGenerator();
    private final TokenCache cache = new TokenCache(870);

    @Test
    @DisplayName("a second request for the same key reuses the token without signing")
    void hit() {
        TokenCache.Issued first = cache.token(KEY, gen);
        TokenCache.Issued second = cache.token(KEY, gen);
        assertFalse(first.cached());
        assertTrue(second.cached());
        assertEquals(first.token(), second.token());
        assertEquals(1, gen.signed.get());
    }

    @Test
    @DisplayName("a token is reused until iamTokenExpiration seconds after signing, then re-signed")
    void expiry() {
        String t1 = cache.token(KEY, gen).token();
        gen.clock.advance(Duration.ofSeconds(869).plusMillis(999));
        assertEquals(t1, cache.token(KEY, gen).token(), "still inside 870 s");
        gen.clock.advance(Duration.ofMillis(1));
        TokenCache.Issued renewed = cache.token(KEY, gen);
        assertFalse(renewed.cached());
        assertNotEquals(t1, renewed.token());
        assertEquals(2, gen.signed.get());
    }

    @Test
    @DisplayName("region, host, port and user each make a separate entry")
    void keySeparation() {
        List<TokenKey> keys = List.of(KEY,
                new TokenKey("us-west-2", KEY.host(), 3306, "app"),
                new TokenKey("us-east-1", "db.cluster-ro-abc.us-east-1.rds.amazonaws.com", 3306, "app"),
                new TokenKey("us-east-1", KEY.host(), 3307, "app"),
                new TokenKey("us-east-1", KEY.host(), 3306, "reporting"));
        Set<String> tokens = new HashSet<>();
        for (TokenKey k : keys) {
            tokens.add(cache.token(k, gen).token());
        }
        assertEquals(keys.size(), tokens.size());
        assertEquals(keys, gen.keys);
        for (TokenKey k : keys) {
            assertTrue(cache.token(k, gen).cached());
        }
        assertEquals(keys.size(), gen.signed.get());
    }

    @Test
    @DisplayName("invalidating a refused token forgets it, but not a newer one signed meanwhile")
    void invalidate() {
        String t1 = cache.token(KEY, gen).token();
        cache.invalidate(KEY, "some-older-token");
        assertTrue(cache.token(KEY, gen).cached(), "another token's refusal leaves this one");
        cache.invalidate(KEY, t1);
        TokenCache.Issued t2 = cache.token(KEY, gen);
        assertFalse(t2.cached());
        assertNotEquals(t1, t2.token());
    }

    @Test
    @DisplayName("expired entries are dropped when a new token is signed")
    void expiredEntriesDropped() {
        cache.token(KEY, gen);
        gen.clock.advance(Duration.ofSeconds(900));
        cache.token(new TokenKey("us-east-1", KEY.host(), 3307, "app"), gen);
        assertEquals(1, cache.size());
    }

    @Test
    @DisplayName("a burst of connects for one key (a pool filling up) signs one token")
    void burstSignsOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.token(KEY, gen).token();
                }));
            }
            start.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<String> f : results) {
                tokens.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, tokens.size());
            assertEquals(1, gen.signed.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("toString shows keys and counts, never a token")
    void toStringHidesTokens() {
        String t = cache.token(KEY, gen).token();
        assertFalse(cache.toString().contains(t), cache::toString);
        assertFalse(cache.token(KEY, gen).toString().contains(t));
        assertTrue(cache.toString().contains(KEY.toString()));
    }
}
