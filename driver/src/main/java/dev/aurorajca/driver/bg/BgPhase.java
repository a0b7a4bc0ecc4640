package dev.aurorajca.driver.bg;

import java.util.Locale;

/**
 * The phases of a blue/green deployment, in the order a switchover walks them. The status text
 * is what {@code mysql.rds_topology.status} holds (Aurora MySQL 3.07+).
 */
public enum BgPhase {
    /** No deployment: the metadata table is missing or has no row for this side. */
    NOT_CREATED,
    /** {@code AVAILABLE}: blue and green exist; nothing moves. */
    CREATED,
    /** {@code SWITCHOVER_INITIATED}: the switchover starts; both sides still answer. */
    PREPARATION,
    /** {@code SWITCHOVER_IN_PROGRESS}: blue is read-only, names move; traffic is held. */
    IN_PROGRESS,
    /** {@code SWITCHOVER_IN_POST_PROCESSING}: green has blue's names; DNS may still lag. */
    POST,
    /** {@code SWITCHOVER_COMPLETED}. */
    COMPLETED;

    /** The phase for a status text; null for a status this driver does not know (the row is ignored). */
    public static BgPhase ofStatus(String status) {
        if (status == null || status.isBlank()) {
            return NOT_CREATED;
        }
        switch (status.trim().toUpperCase(Locale.ROOT)) {
            case "AVAILABLE": return CREATED;
            case "SWITCHOVER_INITIATED": return PREPARATION;
            case "SWITCHOVER_IN_PROGRESS": return IN_PROGRESS;
            case "SWITCHOVER_IN_POST_PROCESSING": return POST;
            case "SWITCHOVER_COMPLETED": return COMPLETED;
            default: return null;
        }
    }

    /** A switchover has started (or ended) in this phase. */
    public boolean switchoverStarted() {
        return compareTo(PREPARATION) >= 0;
    }
}
