package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.topology.HostSpec;
import java.sql.Connection;

/**
 * An open physical connection and the host it reaches. {@code readOnlyInstance}: the opener saw
 * the instance refuse writes (known only where it asked; false otherwise).
 */
public record HostConnection(Connection connection, HostSpec host, boolean readOnlyInstance) {

    public HostConnection(Connection connection, HostSpec host) {
        this(connection, host, false);
    }
}
