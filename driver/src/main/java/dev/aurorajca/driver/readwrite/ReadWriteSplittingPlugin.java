package dev.aurorajca.driver.readwrite;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.failover.Routing;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.HostConnection;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.plugin.StateKey;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code read_write_splitting}: {@code setReadOnly(true)} moves the logical connection to a
 * reader connection (chosen by the strategy, kept open and reused), {@code setReadOnly(false)}
 * moves it back to the writer connection, which stays open meanwhile. Refused while a
 * transaction is open. With no reader reachable the connection stays on the writer.
 */
public final class ReadWriteSplittingPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(ReadWriteSplittingPlugin.class.getName());
    /** SQLState for "invalid transaction state". */
    static final String IN_TRANSACTION_STATE = "25000";

    /** Per logical connection: the parked connection and the writer's read-only mark. */
    private static final StateKey<State> STATE = StateKey.of("read_write_splitting", State::new);

    private final PluginRuntime runtime;
    private final AuroraSettings settings;

    public ReadWriteSplittingPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    /** The physical connection of the role the logical connection is not in now. */
    private static final class Parked {
        final Connection connection;
        final HostSpec host;

        Parked(Connection connection, HostSpec host) {
            this.connection = connection;
            this.host = host;
        }

        boolean isOpen() {
            return Jdbc.isOpen(connection);
        }
    }

    /** Per logical connection: the parked connection, and whether the writer itself was marked read-only. */
    private static final class State {
        Parked parked;
        /** setReadOnly(true) found no reader, so the writer connection carries the flag. */
        boolean writerMarkedReadOnly;
    }

    @Override
    public boolean subscribes(Method m) {
        return m.getDeclaringClass() == Connection.class && (m.getName().equals("setReadOnly") || m.getName().equals("isReadOnly"));
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        ConnectionContext c = inv.context();
        if (inv.method().getName().equals("isReadOnly")) {
            // Answered from what the application asked for: Connector/J would ask the server.
            return Boolean.TRUE.equals(c.readOnlyRequested());
        }
        boolean wantReader = (Boolean) inv.args()[0];
        synchronized (c.swapLock()) {
            State st = c.state(STATE);
            if (wantReader != c.onReader() && !(wantReader && st.writerMarkedReadOnly)) {
                if (c.isInTransaction()) {
                    throw new SQLException("setReadOnly(" + wantReader + ") refused: a transaction is open on "
                            + c.currentHost() + "; commit or roll back first", IN_TRANSACTION_STATE);
                }
                if (wantReader) {
                    toReader(c, st);
                } else if (st.writerMarkedReadOnly) {
                    c.physical().setReadOnly(false);
                    st.writerMarkedReadOnly = false;
                } else {
                    toWriter(c, st);
                }
            }
        }
        return null;
    }

    /*
     * Counting (least_connections): the logical connection counts its current physical
     * connection; this plugin counts the parked one. Un-parking hands the count back to the
     * logical connection, parking takes one.
     */

    private void unpark(State st, boolean close) {
        Parked p = st.parked;
        st.parked = null;
        if (p != null) {
            runtime.countOpen(p.host.hostPort(), -1);
            if (close) {
                Jdbc.closeQuietly(p.connection);
            }
        }
    }

    private void park(State st, Connection c, HostSpec h) {
        runtime.countOpen(h.hostPort(), 1);
        st.parked = new Parked(c, h);
    }

    private void toReader(ConnectionContext c, State st) throws SQLException {
        Parked reader = st.parked;
        if (reader == null || !reader.isOpen()) {
            unpark(st, true);
            HostConnection t = Routing.connectReader(c, List.of(c.host()), ConnectRequest.Purpose.READER,
                    c.cluster().clock().nanoTime(), false);
            if (t == null) {
                // No reader reachable: stay on the writer, marked read-only like the application asked.
                LOG.fine(() -> "aurora-jca: no reader reachable for " + c.cluster().id() + "; staying on the writer");
                c.physical().setReadOnly(true);
                st.writerMarkedReadOnly = true;
                return;
            }
            t.connection().setReadOnly(true); // once per reader connection: it keeps the flag while parked
            reader = new Parked(t.connection(), t.host());
        } else {
            unpark(st, false);
        }
        HostSpec writerHost = c.host();
        Connection writer = switchOrClose(c, reader, true);
        park(st, writer, writerHost);
    }

    private void toWriter(ConnectionContext c, State st) throws SQLException {
        Parked writer = st.parked;
        if (writer == null || !writer.isOpen() || !isStillWriter(c, writer.host)) {
            unpark(st, true);
            long deadline = c.cluster().clock().nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
            HostConnection t = Routing.connectWriter(c, null, ConnectRequest.Purpose.INITIAL, deadline);
            if (t == null) {
                throw new SQLException("setReadOnly(false): no writer could be reached within failoverTimeoutMs="
                        + settings.failoverTimeoutMs(), "08001");
            }
            writer = new Parked(t.connection(), t.host());
        } else {
            unpark(st, false);
        }
        HostSpec readerHost = c.host();
        Connection reader = switchOrClose(c, writer, false);
        park(st, reader, readerHost);
    }

    /** Switches to {@code target}; if that fails, {@code target} is closed rather than leaked. */
    private static Connection switchOrClose(ConnectionContext c, Parked target, boolean toReader) throws SQLException {
        try {
            return c.switchTo(target.connection, target.host, toReader);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(target.connection);
            throw e;
        }
    }

    /** The parked writer connection is only worth returning to if its instance is still the writer. */
    private static boolean isStillWriter(ConnectionContext c, HostSpec h) {
        var t = c.cluster().topology();
        return t == null || t.writer() == null || t.writer().sameAddress(h);
    }

    @Override
    public void release(ConnectionContext c) {
        State st = c.removeState(STATE);
        if (st != null) {
            unpark(st, true);
        }
    }

    @Override
    public String toString() {
        return "read_write_splitting";
    }
}
