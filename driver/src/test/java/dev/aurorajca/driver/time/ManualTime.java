package dev.aurorajca.driver.time;

import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link Clock} and {@link Scheduler} for unit tests: time stands still until the test
 * calls {@link #advanceMillis}, which runs every task that falls due on the test's own thread,
 * in order, with the clock set to each task's due time. A task may {@link #sleepMillis} to model
 * a call that blocks (a probe waiting for its timeout).
 */
public final class ManualTime implements Clock, Scheduler {

    private long now = 1_000_000_000L; // an arbitrary origin: code must not assume 0
    private long sequence;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Milliseconds since this clock was made. */
    public synchronized long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(now - 1_000_000_000L);
    }

    /** Moves the clock without running anything: a task that blocks for {@code ms}. */
    public synchronized void sleepMillis(long ms) {
        now += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Runs, in order, every task due within {@code ms} from now; ends with the clock {@code ms} later (or later still if a task slept past it). */
    public void advanceMillis(long ms) {
        long target;
        synchronized (this) {
            target = now + TimeUnit.MILLISECONDS.toNanos(ms);
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.due > target) {
                    now = Math.max(now, target);
                    return;
                }
                queue.poll();
                now = Math.max(now, t.due);
            }
            t.runOnce();
        }
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(task, now + unit.toNanos(delay), -1, sequence++);
        queue.add(t);
        return t;
    }

    @Override
    public synchronized Future<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        Task t = new Task(task, now + unit.toNanos(initialDelay), unit.toNanos(delay), sequence++);
        queue.add(t);
        return t;
    }

    private final class Task implements Future<Object>, Comparable<Task> {
        final Runnable body;
        final long period;
        final long seq;
        long due;
        volatile boolean cancelled;
        volatile boolean done;

        Task(Runnable body, long due, long period, long seq) {
            this.body = body;
            this.due = due;
            this.period = period;
            this.seq = seq;
        }

        void runOnce() {
            if (cancelled) {
                return;
            }
            body.run();
            if (period < 0) {
                done = true;
            } else if (!cancelled) {
                synchronized (ManualTime.this) {
                    due = now + period;
                    queue.add(this);
                }
            }
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (done) {
                return false;
            }
            cancelled = true;
            synchronized (ManualTime.this) {
                queue.remove(this);
            }
            return true;
        }

        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return done || cancelled; }
        @Override public Object get() { return null; }
        @Override public Object get(long timeout, TimeUnit unit) { return null; }
    }
}
