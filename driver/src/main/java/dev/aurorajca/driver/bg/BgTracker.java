package dev.aurorajca.driver.bg;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The phase logic of one deployment, without threads or connections: it takes what each side's
 * monitor read (or that the read failed) with the time, and answers with the state the plugin
 * acts on. Unit-tested with a fake clock and fake reads.
 *
 * <p>Lessons from the AWS wrapper's reported failures, and what this class does about them:
 * <ul>
 *   <li>Stuck in IN_PROGRESS until restart (aws-advanced-jdbc-wrapper #1920: the timeout was only
 *       evaluated when a status changed): the hold carries its own deadline
 *       ({@link BgState#holdUntilNanos}), which every waiting thread compares with the clock itself;
 *       no status change is needed for a hold to end.</li>
 *   <li>Completion never detected, traffic held for the whole timeout (#2096: the metadata was
 *       frozen on the old side and deleted on the new one): completion has several independent
 *       signals — either side at POST or later; green's rows gone after the switchover started;
 *       green's rows carrying blue's names, or blue's rows carrying {@code -old1} names.</li>
 *   <li>Detected late (#2042): the monitor polls faster once a deployment exists, and the plugin
 *       asks for an immediate poll ({@link #nudge}) when a connection to blue or green fails.</li>
 * </ul>
 */
final class BgTracker {

    private static final Logger LOG = Logger.getLogger(BgTracker.class.getName());
    /** How long a nudge keeps the high polling rate. */
    static final long NUDGE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String id;
    private final long switchoverTimeoutNanos;
    private final Function<String, String> resolve;
    private final Map<BgRole, BgMetadata.Read> lastRead = new EnumMap<>(BgRole.class);
    private final Map<BgRole, BgPhase> sidePhase = new EnumMap<>(BgRole.class);
    /** After a rollback: the sides that have reported a phase at or below CREATED since. */
    private final Map<BgRole, Boolean> settledAfterRollback = new EnumMap<>(BgRole.class);

    private BgPhase phase = BgPhase.NOT_CREATED;
    private boolean switched;
    private boolean rollback;
    private long startNanos;
    private long switchedAtNanos;
    private long nudgedUntilNanos;
    private boolean nudged;
    private boolean timeoutLogged;
    private BgPlan plan;
    private BgState state = BgState.NONE;

    BgTracker(String id, long switchoverTimeoutMs, Function<String, String> resolve) {
        this.id = id;
        this.switchoverTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(switchoverTimeoutMs);
        this.resolve = resolve;
    }

    /** One successful poll of {@code side}. */
    synchronized BgState observe(BgRole side, BgMetadata.Read read, long now) {
        BgPhase before = sidePhase.get(side);
        BgPhase own = ownPhase(read.rows(), side);
        lastRead.put(side, read);
        sidePhase.put(side, own);

        if (!switched && !rollback && before != null && before.switchoverStarted() && own.compareTo(BgPhase.CREATED) <= 0) {
            if (side == BgRole.TARGET && own == BgPhase.NOT_CREATED && before.compareTo(BgPhase.IN_PROGRESS) >= 0) {
                markSwitched(now, "green's blue/green metadata was removed after the switchover started");
            } else if (own == BgPhase.CREATED) {
                rollback = true;
                settledAfterRollback.clear();
                LOG.warning("aurora-jca bg: " + id + ": the switchover rolled back (" + side.side() + " is back to AVAILABLE); traffic stays on blue");
            }
        }
        if (rollback && own.compareTo(BgPhase.CREATED) <= 0) {
            settledAfterRollback.put(side, Boolean.TRUE);
        }
        if (rollback && own.switchoverStarted() && Boolean.TRUE.equals(settledAfterRollback.get(side))) {
            rollback = false; // a new switchover after the rollback
            startNanos = 0;
            timeoutLogged = false;
        }
        if (!switched && !rollback && plan != null && startNanos != 0 && renamed(read)) {
            markSwitched(now, "green carries blue's names");
        }

        BgPhase max = BgPhase.NOT_CREATED;
        for (BgPhase p : sidePhase.values()) {
            max = p.compareTo(max) > 0 ? p : max;
        }
        BgPhase newPhase = rollback ? (max == BgPhase.NOT_CREATED ? max : BgPhase.CREATED) : max;
        if (switched && newPhase.compareTo(BgPhase.POST) < 0) {
            newPhase = BgPhase.POST; // one side's metadata froze or vanished: the switch happened all the same
        }
        if (newPhase != phase) {
            BgPhase old = phase;
            LOG.info("aurora-jca bg: " + id + ": blue/green phase " + old + " -> " + newPhase);
        }
        phase = newPhase;
        if (!switched && !rollback && phase.compareTo(BgPhase.POST) >= 0) {
            markSwitched(now, "phase " + phase);
        }
        if (phase.switchoverStarted() && !rollback && startNanos == 0) {
            startNanos = now;
        }
        // The plan is collected while nothing moves, and kept once the switchover starts — unless it
        // lacks addresses (first seen after the rename, DNS still lagging): then it is read again.
        if (startNanos == 0 && !rollback || plan == null || !plan.complete()) {
            BgPlan fresh = buildPlan();
            if (fresh != null) {
                plan = fresh;
            }
        }
        return publish(now);
    }

    /** A poll of {@code side} failed (no connection, an error): nothing is learned, deadlines still apply. */
    synchronized BgState readFailed(BgRole side, long now) {
        return publish(now);
    }

    /** A connection met an error on blue or green: poll at the high rate for a while. */
    synchronized void nudge(long now) {
        nudgedUntilNanos = now + NUDGE_NANOS;
        nudged = true;
    }

    synchronized BgState state(long now) {
        return publish(now);
    }

    /**
     * How long {@code side}'s monitor waits before its next poll: high during a switchover, after a
     * nudge, and while a failed side reconnects; increased while a deployment exists; baseline
     * otherwise and once the switch is behind.
     */
    synchronized long nextPollDelayMs(BgRole side, boolean lastPollFailed, long baselineMs, long increasedMs, long highMs, long now) {
        boolean settled = switched && (phase == BgPhase.COMPLETED || now - switchedAtNanos > switchoverTimeoutNanos);
        if (settled) {
            return baselineMs;
        }
        if (nudged && now - nudgedUntilNanos < 0) {
            return highMs;
        }
        if (phase.switchoverStarted() && !rollback && !state.timedOut(now)) {
            return highMs;
        }
        if (phase == BgPhase.NOT_CREATED && plan == null) {
            return baselineMs;
        }
        return lastPollFailed ? Math.min(highMs * 5, increasedMs) : increasedMs;
    }

    private BgState publish(long now) {
        long holdUntil = startNanos == 0 ? 0 : startNanos + switchoverTimeoutNanos;
        BgState s = new BgState(phase, switched, rollback, startNanos, holdUntil, plan);
        if (s.timedOut(now) && !timeoutLogged) {
            timeoutLogged = true;
            LOG.warning("aurora-jca bg: " + id + ": no completion of the switchover seen within bgSwitchoverTimeoutMs="
                    + TimeUnit.NANOSECONDS.toMillis(switchoverTimeoutNanos) + " (phase " + phase + "); traffic is no longer held");
        }
        state = s;
        return s;
    }

    private void markSwitched(long now, String why) {
        switched = true;
        switchedAtNanos = now;
        if (startNanos == 0) {
            startNanos = now;
        }
        LOG.info("aurora-jca bg: " + id + ": switchover to green seen (" + why + "); blue names now lead to green " + (plan == null ? "" : plan));
    }

    /** The phase of {@code side}'s own rows: the cluster endpoint's row when there is one, else the highest. */
    static BgPhase ownPhase(List<BgRow> rows, BgRole side) {
        BgPhase best = null;
        for (BgRow r : rows) {
            if (r.role() != side) {
                continue;
            }
            if (r.isClusterEndpoint()) {
                return r.phase();
            }
            best = best == null || r.phase().compareTo(best) > 0 ? r.phase() : best;
        }
        return best == null ? BgPhase.NOT_CREATED : best;
    }

    /** Green's rows name a blue endpoint, or blue's rows carry {@code -old} names: the rename happened. */
    private boolean renamed(BgMetadata.Read read) {
        List<String> blueNames = plan.names(BgRole.SOURCE);
        for (BgRow r : read.rows()) {
            if (r.role() == BgRole.TARGET && blueNames.contains(r.endpoint())) {
                return true;
            }
            if (r.role() == BgRole.SOURCE && BgPlan.withoutOldSuffix(r.endpoint()) != null
                    && blueNames.contains(BgPlan.withoutOldSuffix(r.endpoint()))) {
                return true;
            }
        }
        return false;
    }

    private BgPlan buildPlan() {
        List<BgRow> rows = new ArrayList<>();
        // Each side's table lists both sides; a side's own rows win for that side.
        for (BgRole side : BgRole.values()) {
            BgMetadata.Read r = lastRead.get(side);
            if (r != null) {
                for (BgRow row : r.rows()) {
                    if (row.role() == side) {
                        rows.add(row);
                    }
                }
            }
        }
        for (BgRole side : BgRole.values()) {
            BgMetadata.Read r = lastRead.get(side);
            if (r != null) {
                for (BgRow row : r.rows()) {
                    if (row.role() != side) {
                        rows.add(row);
                    }
                }
            }
        }
        boolean blue = false;
        boolean green = false;
        for (BgRow r : rows) {
            blue |= r.role() == BgRole.SOURCE;
            green |= r.role() == BgRole.TARGET;
        }
        if (!blue || !green) {
            return null;
        }
        BgMetadata.Read b = lastRead.get(BgRole.SOURCE);
        BgMetadata.Read g = lastRead.get(BgRole.TARGET);
        return BgPlan.build(rows, b == null ? List.of() : b.instances(), g == null ? List.of() : g.instances(), resolve);
    }

    /** The endpoint the {@code side} monitor should watch: that side's cluster endpoint, else one of its instances. */
    synchronized BgPlan.Endpoint watchTarget(BgRole side) {
        if (plan == null) {
            return null;
        }
        BgPlan.Endpoint any = null;
        for (String n : plan.names(side)) {
            BgPlan.Endpoint e = plan.endpoint(n);
            if (e.address() == null) {
                continue;
            }
            if (e.cluster()) {
                return e;
            }
            if (any == null && e.instance()) {
                any = e;
            }
        }
        return any;
    }

    /** Whether the plan is still being collected (the monitors also read instances then). */
    synchronized boolean collecting() {
        return startNanos == 0 || plan == null;
    }
}
