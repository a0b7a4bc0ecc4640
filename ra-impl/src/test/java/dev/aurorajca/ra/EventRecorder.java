package dev.aurorajca.ra;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records connection events in order; the listener a server would register. */
final class EventRecorder implements ConnectionEventListener {

    static final String CLOSED = "CLOSED";
    static final String ERROR = "ERROR";
    static final String STARTED = "STARTED";
    static final String COMMITTED = "COMMITTED";
    static final String ROLLEDBACK = "ROLLEDBACK";

    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    final List<String> types = new CopyOnWriteArrayList<>();

    private void add(String type, ConnectionEvent e) {
        events.add(e);
        types.add(type);
    }

    ConnectionEvent last() {
        return events.get(events.size() - 1);
    }

    @Override
    public void connectionClosed(ConnectionEvent e) { add(CLOSED, e); }

    @Override
    public void connectionErrorOccurred(ConnectionEvent e) { add(ERROR, e); }

    @Override
    public void localTransactionStarted(ConnectionEvent e) { add(STARTED, e); }

    @Override
    public void localTransactionCommitted(ConnectionEvent e) { add(COMMITTED, e); }

    @Override
    public void localTransactionRolledback(ConnectionEvent e) { add(ROLLEDBACK, e); }
}
