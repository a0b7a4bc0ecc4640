package dev.aurorajca.driver.readwrite;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Routing;
import dev.aurorajca.driver.wrapper.LogicalConnection;
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

    private final DriverRuntime runtime;
    private final AuroraSettings settings;

    public ReadWriteSplittingPlugin(DriverRuntime runtime, AuroraSettings settings) {
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
            try {
                return !connection.isClosed();
            } catch (SQLException e) {
                return false;
            }
        }
    }

    @Override
    public boolean subscribes(Method m) {
        return m.getDeclaringClass() == Connection.class && m.getName().equals("setReadOnly");
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        LogicalConnection c = inv.connection();
        boolean wantReader = (Boolean) inv.args()[0];
        synchronized (c.swapLock()) {
            if (wantReader != c.onReader()) {
                if (c.isInTransaction()) {
                    throw new SQLException("setReadOnly(" + wantReader + ") refused: a transaction is open on "
                            + c.currentHost() + "; commit or roll back first", IN_TRANSACTION_STATE);
                }
                if (wantReader) {
                    toReader(c);
                } else {
                    toWriter(c);
                }
            }
            c.physical().setReadOnly(wantReader);
        }
        return null;
    }

    private void toReader(LogicalConnection c) throws SQLException {
        Parked reader = (Parked) c.pluginState();
        if (reader == null || !reader.isOpen()) {
            if (reader != null) {
                runtime.openConnections(reader.host.hostPort()).decrementAndGet();
            }
            c.pluginState(null);
            Routing.Target t = Routing.connectReader(c.cluster(), c.pipeline(), settings, List.of(c.host()),
                    ConnectRequest.Purpose.READER, System.nanoTime(), false);
            if (t == null) {
                LOG.fine(() -> "aurora-jca: no reader reachable for " + c.cluster().id() + "; staying on the writer");
                return;
            }
            runtime.openConnections(t.host().hostPort()).incrementAndGet();
            reader = new Parked(t.connection(), t.host());
        }
        HostSpec writerHost = c.host();
        Connection writer = c.switchTo(reader.connection, reader.host);
        c.pluginState(new Parked(writer, writerHost));
        c.onReader(true);
    }

    private void toWriter(LogicalConnection c) throws SQLException {
        Parked writer = (Parked) c.pluginState();
        if (writer == null || !writer.isOpen() || !isStillWriter(c, writer.host)) {
            if (writer != null) {
                runtime.openConnections(writer.host.hostPort()).decrementAndGet();
                Routing.closeQuietly(writer.connection);
            }
            c.pluginState(null);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.failoverTimeoutMs());
            Routing.Target t = Routing.connectWriter(c.cluster(), c.pipeline(), settings, null, ConnectRequest.Purpose.INITIAL, deadline);
            if (t == null) {
                throw new SQLException("setReadOnly(false): no writer could be reached within failoverTimeoutMs="
                        + settings.failoverTimeoutMs(), "08001");
            }
            runtime.openConnections(t.host().hostPort()).incrementAndGet();
            writer = new Parked(t.connection(), t.host());
        }
        HostSpec readerHost = c.host();
        Connection reader = c.switchTo(writer.connection, writer.host);
        c.pluginState(new Parked(reader, readerHost));
        c.onReader(false);
    }

    /** The parked writer connection is only worth returning to if its instance is still the writer. */
    private static boolean isStillWriter(LogicalConnection c, HostSpec h) {
        var t = c.cluster().topology();
        return t == null || t.writer() == null || t.writer().sameAddress(h);
    }

    @Override
    public void release(LogicalConnection c) {
        Parked p = (Parked) c.pluginState();
        c.pluginState(null);
        if (p != null) {
            runtime.openConnections(p.host.hostPort()).decrementAndGet();
            Routing.closeQuietly(p.connection);
        }
    }

    @Override
    public String toString() {
        return "read_write_splitting";
    }
}
