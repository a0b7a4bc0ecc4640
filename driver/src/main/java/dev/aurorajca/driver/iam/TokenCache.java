package dev.aurorajca.driver.iam;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens by {@link TokenKey}, reused until {@code lifetimeMillis} after they were signed (the
 * {@code iamTokenExpiration} setting, 870 s by default, below the 900 s the signature allows, so
 * a token handed out is never about to expire). Age is measured with the generator's clock, the
 * one the token's {@code X-Amz-Date} comes from.
 *
 * <p>A burst of connects for one key (a pool filling up) signs once: generation runs inside
 * {@code compute}, which serialises callers of the same key only. Expired entries are dropped
 * whenever a token is signed, so the map holds at most the keys used within one lifetime.
 */
final class TokenCache {

    /** A token and whether it came from the cache (only then is a retry with a fresh one useful). */
    static final class Issued {
        private final String token;
        private final boolean cached;

        Issued(String token, boolean cached) {
            this.token = token;
            this.cached = cached;
        }

        String token() { return token; }
        boolean cached() { return cached; }

        @Override
        public String toString() {
            return "Issued[token=<hidden>, cached=" + cached + "]";
        }
    }

    private static final class Entry {
        final String token;
        final long expiresAtMillis;

        Entry(String token, long expiresAtMillis) {
            this.token = token;
            this.expiresAtMillis = expiresAtMillis;
        }

        @Override
        public String toString() {
            return "<token expiring at " + expiresAtMillis + ">";
        }
    }

    private final ConcurrentHashMap<TokenKey, Entry> entries = new ConcurrentHashMap<>();
    private final long lifetimeMillis;

    TokenCache(long lifetimeSeconds) {
        this.lifetimeMillis = lifetimeSeconds * 1000L;
    }

    /** A valid token for {@code key}: the cached one, or a newly signed one. */
    Issued token(TokenKey key, TokenGenerator generator) {
        Entry e = entries.get(key);
        if (e != null && generator.clock().millis() < e.expiresAtMillis) {
            return new Issued(e.token, true);
        }
        Entry[] signed = new Entry[1];
        Entry r = entries.compute(key, (k, old) -> {
            long now = generator.clock().millis();
            if (old != null && now < old.expiresAtMillis) {
                return old; // another caller signed it while we waited
            }
            signed[0] = new Entry(generator.generate(k), now + lifetimeMillis);
            return signed[0];
        });
        if (signed[0] != null) {
            long now = generator.clock().millis();
            entries.values().removeIf(x -> x.expiresAtMillis <= now);
        }
        return new Issued(r.token, r != signed[0]);
    }

    /** Forgets {@code token} for {@code key} (the server refused it); a newer token stays. */
    void invalidate(TokenKey key, String token) {
        entries.computeIfPresent(key, (k, e) -> e.token.equals(token) ? null : e);
    }

    int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "TokenCache[" + entries.size() + " tokens, keys=" + entries.keySet() + "]";
    }
}
