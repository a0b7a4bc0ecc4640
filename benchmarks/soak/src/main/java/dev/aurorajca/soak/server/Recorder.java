package dev.aurorajca.soak.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the workload observes: per second and kind the successful calls and their latencies
 * and the errors by SQLState; per worker thread the completion times of its successful calls (for
 * the pause a fault caused); the ids of acknowledged writes.
 */
public final class Recorder {
    public static final String[] KINDS = {"write", "read", "long"};

    private final long t0 = System.currentTimeMillis();
    private final Map<Integer, Second> seconds = new ConcurrentHashMap<>();
    private int drainedUpTo = -1;
    private final BitSet acked = new BitSet();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sampleCount = new AtomicInteger();
    private final Map<String, AtomicInteger> totalErrors = new ConcurrentHashMap<>();

    public long t0() {
        return t0;
    }

    private Second second(long nowMs) {
        int s = (int) ((nowMs - t0) / 1000);
        return seconds.computeIfAbsent(s, k -> new Second());
    }

    public void ok(int kind, long startNanos, long endNanos, long endMs) {
        second(endMs).ok(kind, (int) Math.min(Integer.MAX_VALUE, (endNanos - startNanos) / 1000));
    }

    public void error(int kind, String key, Throwable t, long endMs) {
        second(endMs).error(kind, key);
        totalErrors.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        // Every untyped error is kept (up to 200), typed ones only the first 20: the report shows them.
        int limit = Classify.typed(key) ? 20 : 200;
        if (sampleCount.get() < 400 && totalErrors.get(key).get() <= limit) {
            sampleCount.incrementAndGet();
            samples.add((endMs - t0) + "\t" + KINDS[kind] + "\t" + key + "\t" + (t == null ? "" : Classify.describe(t)));
        }
    }

    public void acked(long firstId, int count) {
        synchronized (acked) {
            acked.set((int) firstId, (int) firstId + count);
        }
    }

    public int ackedCount() {
        synchronized (acked) {
            return acked.cardinality();
        }
    }

    public byte[] ackedBits() {
        synchronized (acked) {
            return acked.toByteArray();
        }
    }

    public Map<String, Integer> errorTotals() {
        Map<String, Integer> m = new TreeMap<>();
        totalErrors.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public List<String> samples() {
        return new ArrayList<>(samples);
    }

    /**
     * Rows for every whole second not returned yet, up to two seconds before now (later calls may
     * still land in the last second); {@code all} returns everything left (after the workload stopped).
     * {@code S sec kind ok p50us p95us p99us maxus} and {@code E sec kind state count}.
     */
    public synchronized List<String> drain(boolean all) {
        int upTo = all ? Integer.MAX_VALUE : (int) ((System.currentTimeMillis() - t0) / 1000) - 2;
        List<Integer> keys = new ArrayList<>();
        for (Integer k : seconds.keySet()) {
            if (k > drainedUpTo && k <= upTo) {
                keys.add(k);
            }
        }
        keys.sort(null);
        List<String> rows = new ArrayList<>();
        for (int k : keys) {
            Second s = seconds.remove(k);
            s.rows(k, rows);
        }
        if (!keys.isEmpty()) {
            drainedUpTo = Math.max(drainedUpTo, keys.get(keys.size() - 1));
        }
        return rows;
    }

    private static final class Second {
        private final int[] ok = new int[KINDS.length];
        private final int[][] lat = new int[KINDS.length][16];
        private final Map<String, Integer>[] errors;

        @SuppressWarnings("unchecked")
        Second() {
            errors = new Map[KINDS.length];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = new TreeMap<>();
            }
        }

        synchronized void ok(int kind, int micros) {
            int n = ok[kind]++;
            if (n == lat[kind].length) {
                lat[kind] = Arrays.copyOf(lat[kind], n * 2);
            }
            lat[kind][n] = micros;
        }

        synchronized void error(int kind, String key) {
            errors[kind].merge(key, 1, Integer::sum);
        }

        synchronized void rows(int sec, List<String> out) {
            for (int k = 0; k < KINDS.length; k++) {
                int n = ok[k];
                if (n > 0) {
                    int[] l = Arrays.copyOf(lat[k], n);
                    Arrays.sort(l);
                    out.add("S\t" + sec + "\t" + KINDS[k] + "\t" + n + "\t" + pct(l, 50) + "\t" + pct(l, 95) + "\t" + pct(l, 99) + "\t" + l[n - 1]);
                }
                for (Map.Entry<String, Integer> e : errors[k].entrySet()) {
                    out.add("E\t" + sec + "\t" + KINDS[k] + "\t" + e.getKey() + "\t" + e.getValue());
                }
            }
        }

        private static int pct(int[] sorted, int p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }
}
