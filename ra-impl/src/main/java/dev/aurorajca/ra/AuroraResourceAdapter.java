package dev.aurorajca.ra;

import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import javax.transaction.xa.XAResource;

/**
 * The adapter bean. Owns the one {@link DriverRuntime} (topology, monitors, the scheduler and
 * all its {@code aurora-jca-…} threads) that every connection factory of this deployment
 * shares. {@link #start} only creates it (threads start on first use); {@link #stop} closes it,
 * which ends every thread and monitoring connection. Both are idempotent; the server never
 * restarts a stopped bean. Declared in {@code META-INF/ra.xml}, not by annotations, so the
 * descriptor is the one source of the deployment metadata.
 */
public final class AuroraResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;

    /** How logical connections are opened: the runtime's {@code connect} here; unit tests pass a fake. */
    @FunctionalInterface
    interface Connector {
        AuroraConnection connect(DriverRuntime runtime, AuroraSettings settings) throws SQLException;
    }

    private final transient Connector connector;
    private transient volatile DriverRuntime runtime;
    private transient volatile boolean stopped;
    /** Factories associated with this bean (for diagnostics and to drop references on stop). */
    private final transient Set<AuroraManagedConnectionFactory> factories = ConcurrentHashMap.newKeySet();

    public AuroraResourceAdapter() {
        this(DriverRuntime::connect);
    }

    AuroraResourceAdapter(Connector connector) {
        this.connector = connector;
    }

    @Override
    public synchronized void start(BootstrapContext context) {
        if (runtime != null || stopped) {
            return;
        }
        runtime = new DriverRuntime("ra");
        RaLog.log(Level.INFO, RaLog.STARTED, "aurora-jca resource adapter started (runtime " + runtime.name() + ")");
    }

    @Override
    public void stop() {
        DriverRuntime rt;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            rt = runtime;
            runtime = null;
        }
        int n = factories.size();
        factories.clear();
        // Connector/J starts one abandoned-connection cleanup thread per class loader; the rar
        // bundles its own Connector/J, so that thread is ours to end or every redeploy leaks one.
        // Unchecked: checkedShutdown() does nothing unless the caller's context class loader is
        // the one the thread started under, and Payara calls stop() from another (one thread and
        // the rar's class loader leaked per redeploy). Only when the class is the rar's own copy,
        // never a Connector/J the server shares with other applications.
        if (com.mysql.cj.jdbc.AbandonedConnectionCleanupThread.class.getClassLoader() == AuroraResourceAdapter.class.getClassLoader()) {
            com.mysql.cj.jdbc.AbandonedConnectionCleanupThread.uncheckedShutdown();
        }
        if (rt != null) {
            rt.close(); // returns when every runtime thread has ended
            RaLog.log(Level.INFO, RaLog.STOPPED, "aurora-jca resource adapter stopped (runtime " + rt.name() + ", "
                    + n + " connection factories); its threads have ended");
        }
    }

    /** The shared driver runtime; fails if the adapter is not started or already stopped. */
    DriverRuntime runtime() throws ResourceException {
        DriverRuntime rt = runtime;
        if (rt == null) {
            throw new jakarta.resource.spi.IllegalStateException(RaLog.msg(RaLog.NOT_STARTED,
                    "the aurora-jca resource adapter is " + (stopped ? "stopped" : "not started")));
        }
        return rt;
    }

    /** Opens a logical connection on this adapter's runtime. */
    AuroraConnection connect(AuroraSettings settings) throws ResourceException, SQLException {
        return connector.connect(runtime(), settings);
    }

    void register(AuroraManagedConnectionFactory factory) {
        factories.add(factory);
    }

    /** Number of connection factories associated with this adapter. */
    int factoryCount() {
        return factories.size();
    }

    boolean isStarted() {
        return runtime != null;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("aurora-jca has no inbound (message) side");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        // nothing was activated
    }

    /**
     * Crash recovery: one {@link RecoveryXAResource} per distinct writer configuration deployed
     * with this adapter (reader factories and factories whose configuration is invalid are
     * skipped), each connecting with its factory's own properties. The adapter has no inbound
     * side, so {@code specs} carries nothing for it.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        java.util.List<XAResource> out = new java.util.ArrayList<>();
        java.util.Set<AuroraSettings> seen = new java.util.HashSet<>();
        for (AuroraManagedConnectionFactory f : factories) {
            AuroraSettings s;
            try {
                s = f.settings();
            } catch (ResourceException e) {
                continue; // not configured (Payara's default pool) or invalid: it never opened a branch
            }
            if (!s.readOnly() && seen.add(s)) {
                out.add(new RecoveryXAResource(f));
            }
        }
        return out.toArray(new XAResource[0]);
    }

    /** Serializable as a JavaBean should be; a deserialized copy is a fresh, unstarted bean (a runtime can't travel). */
    private Object readResolve() {
        return new AuroraResourceAdapter();
    }

    /** Identity: the bean has no config properties, and two deployments never share a runtime. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
