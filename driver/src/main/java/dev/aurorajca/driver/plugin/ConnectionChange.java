package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.topology.HostSpec;

/**
 * What happened to a logical connection's physical connection, for
 * {@link ConnectionPlugin#connectionChanged}. {@code to} is null for {@link Kind#DROPPED}.
 */
public record ConnectionChange(Kind kind, HostSpec from, HostSpec to) {

    public enum Kind {
        /** A new physical connection replaced a failed one (failover); the old one is gone. */
        REPLACED,
        /** The logical connection moved to another open physical connection (read/write splitting); the old one may be parked. */
        SWITCHED,
        /** The physical connection was abandoned (its instance is gone); a replacement may follow. */
        DROPPED
    }
}
