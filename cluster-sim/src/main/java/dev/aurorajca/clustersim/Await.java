package dev.aurorajca.clustersim;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one way the project's tests wait for something: poll a condition with a deadline (never
 * sleep and hope). Fails with an {@link AssertionError} naming what was awaited.
 */
public final class Await {

    private static final long POLL_NANOS = 5_000_000;

    private Await() { }

    /** Returns as soon as {@code condition} holds; fails if it does not within {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}
