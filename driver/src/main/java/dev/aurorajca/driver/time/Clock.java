package dev.aurorajca.driver.time;

/**
 * The driver's monotonic time source, in nanoseconds. Everything that measures a deadline, an
 * interval or an age (cluster monitor, writer search, host monitors) reads it here instead of
 * {@link System#nanoTime()}, so unit tests can drive time by hand.
 */
@FunctionalInterface
public interface Clock {

    /** The JVM's monotonic clock. */
    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
