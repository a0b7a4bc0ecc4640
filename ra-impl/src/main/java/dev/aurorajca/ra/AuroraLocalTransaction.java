package dev.aurorajca.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;

/**
 * The container's view of a local transaction (the server wraps it for JTA). Fires no
 * connection events: those are only for transactions the application demarcates itself.
 */
final class AuroraLocalTransaction implements LocalTransaction {

    private final AuroraManagedConnection managed;

    AuroraLocalTransaction(AuroraManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public void begin() throws ResourceException {
        managed.containerBegin();
    }

    @Override
    public void commit() throws ResourceException {
        managed.containerEnd(true);
    }

    @Override
    public void rollback() throws ResourceException {
        managed.containerEnd(false);
    }
}
