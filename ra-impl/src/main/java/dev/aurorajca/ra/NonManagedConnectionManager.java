package dev.aurorajca.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.util.logging.Level;

/**
 * The connection manager used outside an application server ({@code createConnectionFactory()}
 * with no argument): one managed connection per {@code getConnection}, destroyed when its handle
 * closes or it reports an error. No pooling, no transaction enlistment; for tests and tools.
 */
final class NonManagedConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = factory.createManagedConnection(null, info);
        mc.addConnectionEventListener(new DestroyOnRelease(mc));
        try {
            return mc.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            mc.destroy();
            throw e;
        }
    }

    private static final class DestroyOnRelease implements ConnectionEventListener {
        private final ManagedConnection mc;

        DestroyOnRelease(ManagedConnection mc) {
            this.mc = mc;
        }

        private void release() {
            try {
                mc.destroy();
            } catch (ResourceException e) {
                RaLog.log(Level.FINE, RaLog.DESTROY_FAILED, "destroying a non-managed connection failed", e);
            }
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            release();
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            release();
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) { }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) { }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) { }
    }
}
