package dev.aurorajca.driver.time;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where background work runs: the two scheduling calls the driver uses, so that unit tests can
 * run the same tasks on a fake clock on the test thread. In production it is the runtime's
 * {@link ScheduledExecutorService}, whose threads are named {@code aurora-jca-...}.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; throws {@link RejectedExecutionException} once the runtime stops. */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit);

    /** Runs {@code task} now and then {@code delay} after each run ends, until cancelled. */
    Future<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit);

    static Scheduler of(ScheduledExecutorService executor) {
        return new Scheduler() {
            @Override
            public Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
                return executor.schedule(task, delay, unit);
            }

            @Override
            public Future<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
                return executor.scheduleWithFixedDelay(task, initialDelay, delay, unit);
            }
        };
    }
}
