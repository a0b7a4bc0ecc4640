package dev.aurorajca.driver.bg;

/**
 * One published view of a deployment, immutable: what the plugin's hooks read on every call.
 *
 * @param phase the deployment's phase as both sides report it (rollback: back to CREATED)
 * @param switched green has taken over: blue names lead to green from now on
 * @param rolledBack the last switchover went back to blue
 * @param switchoverStartNanos when this runtime first saw the switchover start (0: none)
 * @param holdUntilNanos the latest moment traffic may be held (start + bgSwitchoverTimeoutMs; 0: none)
 * @param plan the endpoints and their green counterparts (null: no deployment known)
 */
record BgState(BgPhase phase, boolean switched, boolean rolledBack, long switchoverStartNanos, long holdUntilNanos, BgPlan plan) {

    static final BgState NONE = new BgState(BgPhase.NOT_CREATED, false, false, 0, 0, null);

    /** A deployment is known: hooks look closer. */
    boolean active() {
        return plan != null;
    }

    /** Traffic to blue and green waits now. Checked against the clock, so it ends on time even if no status arrives. */
    boolean holding(long nowNanos) {
        return phase == BgPhase.IN_PROGRESS && !switched && holdUntilNanos != 0 && nowNanos - holdUntilNanos < 0;
    }

    /** Between the start of the switchover and the switch: blue names are pinned to blue's addresses. */
    boolean pinBlue(long nowNanos) {
        return !switched && (phase == BgPhase.PREPARATION || phase == BgPhase.IN_PROGRESS) && holdUntilNanos != 0
                && nowNanos - holdUntilNanos < 0;
    }

    /** The switchover ran past bgSwitchoverTimeoutMs without a completion signal. */
    boolean timedOut(long nowNanos) {
        return !switched && holdUntilNanos != 0 && nowNanos - holdUntilNanos >= 0;
    }
}
