package dev.aurorajca.soak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The fault schedule: one fault every {@link #SPACING_S} seconds from {@link #FIRST_S}, the last one
 * at least {@link #SETTLE_S} seconds before the end, cycling through the kinds in an order that
 * never has two nodes down at once (a crashed writer comes back, as "node-restart", before the next
 * node is lost).
 */
public final class Schedule {
    public static final int FIRST_S = 20;
    public static final int SPACING_S = 25;
    public static final int SETTLE_S = 30;
    static final String[] CYCLE = {"writer-crash", "node-restart", "reader-loss", "latency-spike",
            "late-promotion", "node-restart", "writer-hang", "black-hole"};

    private Schedule() {
    }

    public record Planned(int atS, String kind) {
    }

    /** Only writer failovers (and the ex-writer's restart): for errors per failover. */
    static final String[] FAILOVERS = {"writer-crash", "node-restart"};

    public static List<Planned> plan(int minutes) {
        return plan(minutes, CYCLE);
    }

    /** {@code faults}: {@code all} (the cycle above) or {@code failover} (writer crash, restart, ...). */
    public static List<Planned> plan(int minutes, String faults) {
        return switch (faults) {
            case "all" -> plan(minutes, CYCLE);
            case "failover" -> plan(minutes, FAILOVERS);
            default -> throw new IllegalArgumentException("faults must be all or failover, not '" + faults + "'");
        };
    }

    static List<Planned> plan(int minutes, String[] cycle) {
        List<Planned> out = new ArrayList<>();
        int total = minutes * 60;
        for (int i = 0, at = FIRST_S; at <= total - SETTLE_S; i++, at += SPACING_S) {
            out.add(new Planned(at, cycle[i % cycle.length]));
        }
        // never end with the ex-writer down: a run that stops right after a crash gets its restart
        if (!out.isEmpty()) {
            String last = out.get(out.size() - 1).kind();
            if (last.equals("writer-crash") || last.equals("late-promotion")) {
                out.remove(out.size() - 1);
            }
        }
        return out;
    }
}
