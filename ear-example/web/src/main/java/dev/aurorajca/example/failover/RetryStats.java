package dev.aurorajca.example.failover;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How often {@link RetryOnFailover} retried, or declined to, since deployment (per outcome). */
@ApplicationScoped
public class RetryStats {

    private final Map<FailoverOutcome, LongAdder> retried = new EnumMap<>(FailoverOutcome.class);
    private final Map<FailoverOutcome, LongAdder> notRetried = new EnumMap<>(FailoverOutcome.class);

    public RetryStats() {
        for (FailoverOutcome o : FailoverOutcome.values()) {
            retried.put(o, new LongAdder());
            notRetried.put(o, new LongAdder());
        }
    }

    void retried(FailoverOutcome o) {
        retried.get(o).increment();
    }

    void notRetried(FailoverOutcome o) {
        notRetried.get(o).increment();
    }

    /** SQLState → count of retried calls. */
    public Map<String, Long> retried() {
        return snapshot(retried);
    }

    /** SQLState → count of calls that failed with a failover outcome and were not retried. */
    public Map<String, Long> notRetried() {
        return snapshot(notRetried);
    }

    private static Map<String, Long> snapshot(Map<FailoverOutcome, LongAdder> counts) {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        counts.forEach((o, n) -> m.put(o.sqlState(), n.sum()));
        return m;
    }
}
