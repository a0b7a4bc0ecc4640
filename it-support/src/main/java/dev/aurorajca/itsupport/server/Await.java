package dev.aurorajca.itsupport.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (tests never sleep for a fixed time). */
public final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every {@code 20 ms} until it returns true; throws AssertionError with
     * {@code what} and the last state from {@code state} once {@code timeout} passed.
     */
    public static void until(Duration timeout, String what, Callable<Boolean> condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError err = new AssertionError("not within " + timeout.toMillis() + " ms: " + what
                        + (state == null ? "" : "; last state: " + state.get()));
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    public static void until(Duration timeout, String what, Callable<Boolean> condition) {
        until(timeout, what, condition, null);
    }
}
