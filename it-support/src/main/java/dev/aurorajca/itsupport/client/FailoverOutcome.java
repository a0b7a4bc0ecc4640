package dev.aurorajca.itsupport.client;

import static dev.aurorajca.itsupport.client.LoadClient.micros;
import static dev.aurorajca.itsupport.client.LoadClient.sample;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.function.Executable;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.itsupport.server.WriteLoad.Request;

/**
 * The outcome of a failover under a server-side {@code WriteLoad}: the checks every server must
 * pass, and the report's common lines. A module adds its own, stricter checks (WildFly: pool
 * statistics, the pool keeps failed-over connections, the drain after the old writer rejoins).
 */
public final class FailoverOutcome {

    private final FailoverResult failover;
    private final List<Request> requests;
    private final Duration allOkAfterPromotion;

    public FailoverOutcome(FailoverResult failover, List<Request> requests, Duration allOkAfterPromotion) {
        this.failover = failover;
        this.requests = requests;
        this.allOkAfterPromotion = allOkAfterPromotion;
    }

    /** Requests that got 08S02/08007. */
    public List<Request> failedOver() {
        return requests.stream().filter(Request::failedOver).toList();
    }

    /**
     * Every request succeeded or failed with 08S02/08007; every acknowledged row is in
     * {@code present} (the ids on the new writer); some request started {@code allOkAfterPromotion}
     * after the promotion, and all such requests succeeded; every handle that got 08S02/08007 was on
     * the new writer right after; some request started after the crash succeeded.
     */
    public List<Executable> checks(Set<Long> present) {
        long crashed = micros(failover.crashedAt());
        long allOkFrom = micros(failover.promotedAt().plus(allOkAfterPromotion));
        String after = allOkAfterPromotion.toMillis() / 1000.0 + " s";
        int newWriter = failover.newWriterId();
        List<Request> unexpected = requests.stream().filter(r -> !r.ok() && !r.failedOver()).toList();
        List<Long> lost = requests.stream().filter(Request::ok).map(Request::id).filter(id -> !present.contains(id)).toList();
        List<Request> lateFailures = requests.stream().filter(r -> r.startMicros() >= allOkFrom && !r.ok()).toList();
        long late = requests.stream().filter(r -> r.startMicros() >= allOkFrom).count();
        List<Request> unusable = failedOver().stream().filter(r -> r.serverAfter() != newWriter).toList();

        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(unexpected.isEmpty(), unexpected.size() + " requests failed with something other than "
                + "08S02/08007, e.g.: " + sample(unexpected)));
        checks.add(() -> assertTrue(lost.isEmpty(), lost.size() + " acknowledged rows are missing on the new writer, e.g. "
                + lost.stream().limit(10).toList()));
        checks.add(() -> assertTrue(late > 0, "no request started " + after + " after the promotion"));
        checks.add(() -> assertTrue(lateFailures.isEmpty(), lateFailures.size() + " of " + late
                + " requests started " + after + " or more after the promotion failed, e.g.: " + sample(lateFailures)));
        checks.add(() -> assertTrue(unusable.isEmpty(), unusable.size() + " connections that reported 08S02/08007 were "
                + "not usable on the new writer " + newWriter + " right after: " + sample(unusable)));
        checks.add(() -> assertTrue(requests.stream().anyMatch(r -> r.ok() && r.startMicros() > crashed),
                "no request succeeded after the crash"));
        return checks;
    }

    /**
     * The report's common lines: {@code title}, writer change and crash → promotion, outcomes,
     * promotion → first successful request, last failed request.
     */
    public StringBuilder report(String title) {
        long crashed = micros(failover.crashedAt());
        long promoted = micros(failover.promotedAt());
        Request firstOk = requests.stream().filter(r -> r.ok() && r.startMicros() > crashed)
                .min((a, b) -> Long.compare(a.endMicros(), b.endMicros())).orElse(null);
        Map<String, Long> outcomes = new TreeMap<>(requests.stream()
                .collect(Collectors.groupingBy(Request::state, Collectors.counting())));
        long lastFailureStart = requests.stream().filter(r -> !r.ok()).mapToLong(Request::startMicros).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append("writer ").append(failover.oldWriterId()).append(" -> ").append(failover.newWriterId())
                .append(", crash to promotion ").append((promoted - crashed) / 1000.0).append(" ms\n");
        sb.append("requests ").append(requests.size()).append(", outcomes ").append(outcomes).append('\n');
        sb.append("promotion to first successful request (completion): ")
                .append(firstOk == null ? "none" : ((firstOk.endMicros() - promoted) / 1000.0) + " ms").append('\n');
        sb.append("last failed request started ").append(lastFailureStart == 0 ? "-" : ((lastFailureStart - promoted) / 1000.0)
                + " ms after the promotion").append('\n');
        return sb;
    }
}
