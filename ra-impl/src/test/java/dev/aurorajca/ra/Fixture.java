package dev.aurorajca.ra;

import jakarta.resource.ResourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * A started adapter whose connector hands out {@link FakeLogical} connections, a factory
 * associated with it, and a managed connection created through the real
 * {@code createManagedConnection} path with an {@link EventRecorder} registered.
 */
final class Fixture implements AutoCloseable {

    final List<FakeLogical> opened = new ArrayList<>();
    final AuroraResourceAdapter adapter = new AuroraResourceAdapter((runtime, settings) -> {
        FakeLogical f = new FakeLogical(settings);
        opened.add(f);
        return f.proxy;
    });
    final AuroraManagedConnectionFactory factory = new AuroraManagedConnectionFactory();
    final EventRecorder events = new EventRecorder();

    Fixture() throws ResourceException {
        adapter.start(null);
        factory.setClusterEndpoint("mydb.cluster-abc123.us-east-1.rds.amazonaws.com");
        factory.setUser("app");
        factory.setPassword("s3cret-pw");
        factory.setResourceAdapter(adapter);
    }

    /** A new managed connection with the recorder listening. */
    AuroraManagedConnection managed() throws ResourceException {
        AuroraManagedConnection mc = (AuroraManagedConnection) factory.createManagedConnection(null, null);
        mc.addConnectionEventListener(events);
        return mc;
    }

    /** The fake behind the most recently created managed connection. */
    FakeLogical fake() {
        return opened.get(opened.size() - 1);
    }

    static ConnectionHandle handle(AuroraManagedConnection mc) throws ResourceException {
        return (ConnectionHandle) mc.getConnection(null, null);
    }

    @Override
    public void close() {
        adapter.stop();
    }
}
