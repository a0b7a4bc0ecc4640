package dev.aurorajca.driver.topology;

import dev.aurorajca.driver.config.AuroraSettings;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses a reader by the configured strategy. One selector per cluster, so round_robin's
 * position is shared by every connection of that cluster; least_connections reads the
 * runtime's count of open physical connections per instance.
 * Lives with the topology (not with read/write splitting) because failover chooses readers too.
 */
public final class HostSelector {

    private final AtomicLong roundRobin = new AtomicLong();

    /** Picks one of {@code candidates} (never empty) under the settings' strategy. */
    public HostSpec select(List<HostSpec> candidates, AuroraSettings s, OpenConnectionCounts runtime) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        switch (s.readerStrategy()) {
            case ROUND_ROBIN: {
                int total = 0;
                for (HostSpec h : candidates) {
                    total += weight(h, s);
                }
                long slot = Math.floorMod(roundRobin.getAndIncrement(), (long) total);
                for (HostSpec h : candidates) {
                    slot -= weight(h, s);
                    if (slot < 0) {
                        return h;
                    }
                }
                return candidates.get(0);
            }
            case LEAST_CONNECTIONS: {
                HostSpec best = null;
                int bestCount = Integer.MAX_VALUE;
                for (HostSpec h : candidates) {
                    int n = runtime.openConnectionCount(h.hostPort());
                    if (n < bestCount) {
                        best = h;
                        bestCount = n;
                    }
                }
                return best;
            }
            case WEIGHTED_RANDOM: {
                int total = 0;
                for (HostSpec h : candidates) {
                    total += weight(h, s);
                }
                int r = ThreadLocalRandom.current().nextInt(total);
                for (HostSpec h : candidates) {
                    r -= weight(h, s);
                    if (r < 0) {
                        return h;
                    }
                }
                return candidates.get(0);
            }
            case HIGHEST_WEIGHT: {
                HostSpec best = candidates.get(0);
                for (HostSpec h : candidates) {
                    if (weight(h, s) > weight(best, s)) {
                        best = h;
                    }
                }
                return best;
            }
            case RANDOM:
            default:
                return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
    }

    /** Weight by instance id, host name, short host name (before the first dot) or host:port. */
    static int weight(HostSpec h, AuroraSettings s) {
        var w = s.hostWeights();
        if (w.isEmpty()) {
            return s.defaultWeight();
        }
        Integer v = w.get(h.instanceId().toLowerCase(Locale.ROOT));
        if (v == null) {
            v = w.get(h.host());
        }
        if (v == null) {
            int dot = h.host().indexOf('.');
            v = dot > 0 ? w.get(h.host().substring(0, dot)) : null;
        }
        if (v == null) {
            v = w.get(h.hostPort());
        }
        return v == null ? s.defaultWeight() : v;
    }
}
