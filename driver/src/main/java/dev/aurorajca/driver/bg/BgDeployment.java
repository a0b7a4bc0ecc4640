package dev.aurorajca.driver.bg;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.BlueGreenSettings;
import dev.aurorajca.driver.iam.IamAuthPlugin;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.topology.HostSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One blue/green deployment as this runtime sees it: two monitors (blue and green), each one
 * task on the runtime's scheduler with one connection to its cluster, feeding a {@link BgTracker};
 * the state the plugin's hooks read; the physical connections opened through the plugin and the
 * address each went to; and the waiting room for traffic held during the switchover.
 * Created on the first connect of a configuration with {@code bg}; closed with the runtime.
 */
final class BgDeployment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BgDeployment.class.getName());
    /** Marks a connect request as this deployment's own monitoring connection (the plugin passes it through). */
    static final String MONITOR_MARKER = "aurora-jca.bgMonitor";
    /** The longest a writer search's probes of blue wait for a fresh status read before they go ahead anyway. */
    static final long PROBE_GATE_MAX_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** Where one physical connection went, and why it was opened. */
    record Opened(String addressKey, ConnectRequest.Purpose purpose) { }

    private final String id;
    private final PluginRuntime runtime;
    private final AuroraSettings settings;
    private final PluginPipeline pipeline;
    private final BlueGreenSettings bg;
    private final LongSupplier clock;
    private final BgTracker tracker;
    private final Object waitRoom = new Object();
    private final Map<Connection, Opened> opened = Collections.synchronizedMap(new WeakHashMap<>());
    private final SideMonitor blue = new SideMonitor(BgRole.SOURCE);
    private final SideMonitor green = new SideMonitor(BgRole.TARGET);
    private volatile BgState state = BgState.NONE;
    private volatile boolean closed;
    private final Object gateLock = new Object();
    private boolean readSeen;            // guarded by gateLock
    private long lastReadStartNanos;     // guarded by gateLock: when the latest published status read (either side) began
    private boolean suspected;           // guarded by gateLock
    private long suspectedAtNanos;       // guarded by gateLock: when a writer search on blue was first seen (this episode)

    BgDeployment(String id, PluginRuntime runtime, AuroraSettings settings, PluginPipeline pipeline, LongSupplier clock) {
        this.id = id;
        this.runtime = runtime;
        this.settings = settings;
        this.pipeline = pipeline;
        this.bg = settings.blueGreen();
        this.clock = clock;
        this.tracker = new BgTracker(id, bg.switchoverTimeoutMs(), BgDeployment::resolve);
    }

    void start() {
        // One blocking poll per side may run at a time: two more threads for this deployment, never per connection.
        int instances = 1;
        try {
            var topology = runtime.cluster(settings).topology();
            instances = topology == null ? 1 : topology.hosts().size();
        } catch (SQLException | RuntimeException e) {
            // the cluster is not known yet: budget for one instance
        }
        runtime.ensureThreadsForInstances(instances + 2);
        blue.schedule(0);
        green.schedule(0);
    }

    String id() { return id; }

    BgState state() { return state; }

    long now() { return clock.getAsLong(); }

    BlueGreenSettings settings() { return bg; }

    /** Remembers where a physical connection opened through the plugin went. */
    void record(Connection c, String addressKey, ConnectRequest.Purpose purpose) {
        if (c != null && addressKey != null) {
            opened.put(c, new Opened(addressKey, purpose));
        }
    }

    /** {@code c} is now a logical connection's physical connection, whatever it was opened for. */
    void servesApplication(Connection c) {
        if (c == null) {
            return;
        }
        synchronized (opened) {
            Opened o = opened.get(c);
            if (o != null && o.purpose() == ConnectRequest.Purpose.PROBE) {
                opened.put(c, new Opened(o.addressKey(), ConnectRequest.Purpose.FAILOVER));
            }
        }
    }

    /** Blue, green, or null (not known, or not part of the deployment) for a physical connection. */
    BgRole sideOf(Connection c) {
        BgState s = state;
        if (c == null || s.plan() == null) {
            return null;
        }
        Opened o = opened.get(c);
        return o == null ? null : s.plan().sideOfAddress(o.addressKey());
    }

    /**
     * Waits while traffic is held, at most until {@code deadlineNanos}; the hold's own deadline
     * (start of the switchover + bgSwitchoverTimeoutMs) ends it too, checked on the clock every
     * 50 ms even when no status arrives.
     */
    BgState awaitRelease(long deadlineNanos) {
        long start = now();
        boolean waited = false;
        synchronized (waitRoom) {
            while (!closed) {
                long now = now();
                BgState s = state;
                if (!s.holding(now) || now - deadlineNanos >= 0) {
                    if (waited) {
                        long ms = TimeUnit.NANOSECONDS.toMillis(now - start);
                        LOG.fine(() -> "aurora-jca bg: " + id + ": released after " + ms + " ms (" + (s.switched() ? "switched to green"
                                : s.holding(now) ? "bgConnectTimeoutMs passed" : "phase " + s.phase()) + ")");
                    }
                    return s;
                }
                waited = true;
                long until = Math.min(deadlineNanos - now, s.holdUntilNanos() - now);
                long ms = Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(until)));
                try {
                    waitRoom.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return state;
                }
            }
            return state;
        }
    }

    /**
     * Whether a writer search may probe blue now (no switchover seen yet). A search on blue means someone
     * lost the writer: with a deployment known, that may be a switchover this runtime has not read yet —
     * blue's writer refuses writes (read-only) before its rows say IN_PROGRESS, yet it still answers a
     * probe as the writer, so a failover would "move" onto the same read-only instance and the next write
     * would fail again. The first probe of an episode (none in the last {@link BgTracker#NUDGE_NANOS})
     * marks the suspicion; probes go ahead once a status read that began after it has been published (its
     * phase then pins blue if the switchover started), or after {@link #PROBE_GATE_MAX_NANOS} when no
     * status can be read (an ordinary failover inside blue must not wait longer).
     */
    boolean statusReadSinceSuspicion(long now) {
        synchronized (gateLock) {
            if (!suspected || now - suspectedAtNanos > BgTracker.NUDGE_NANOS) {
                suspected = true;
                suspectedAtNanos = now;
                LOG.fine(() -> "aurora-jca bg: " + id + ": a writer search probes blue; it waits for a fresh status read");
            }
            return readSeen && lastReadStartNanos - suspectedAtNanos >= 0 || now - suspectedAtNanos >= PROBE_GATE_MAX_NANOS;
        }
    }

    /** A status read that began at {@code startNanos} has been published. */
    private void readPublished(long startNanos) {
        synchronized (gateLock) {
            if (!readSeen || startNanos - lastReadStartNanos > 0) {
                lastReadStartNanos = startNanos;
                readSeen = true;
            }
        }
    }

    /** What one poll of {@code side} read: the tracker decides, the hooks see the result. */
    BgState observe(BgRole side, BgMetadata.Read read) {
        return observe(side, read, now());
    }

    /** Like {@link #observe(BgRole, BgMetadata.Read)}, for a read that began at {@code startedNanos}. */
    BgState observe(BgRole side, BgMetadata.Read read, long startedNanos) {
        BgState s = tracker.observe(side, read, now());
        publish(s);
        readPublished(startedNanos);
        return s;
    }

    /** A connection to blue or green failed, or a failover looks for a writer there: read the status now. */
    void nudge() {
        long now = now();
        tracker.nudge(now);
        blue.pollSoon(bg.highMs());
        green.pollSoon(bg.highMs());
    }

    private void publish(BgState s) {
        BgState old = state;
        state = s;
        if (s != old) {
            synchronized (waitRoom) {
                waitRoom.notifyAll();
            }
        }
        if (s.switched() && !old.switched()) {
            abortBlueProbes();
        }
    }

    /**
     * At the switch: the topology monitor's and the writer search's connections to blue would keep
     * asking blue forever (it answers, read-only). Aborting them makes their owners reconnect, and the
     * plugin's connect hook sends them to green. Application connections are not touched here: each
     * moves on its next call (silently when idle). Host monitoring connections are left alone: an
     * aborted probe would count as a failed instance.
     */
    private void abortBlueProbes() {
        List<Connection> toAbort = new ArrayList<>();
        synchronized (opened) {
            BgPlan plan = state.plan();
            opened.forEach((c, o) -> {
                if (o.purpose() == ConnectRequest.Purpose.PROBE && plan.sideOfAddress(o.addressKey()) == BgRole.SOURCE) {
                    toAbort.add(c);
                }
            });
        }
        for (Connection c : toAbort) {
            Jdbc.abortQuietly(c, runtime.abortExecutor());
        }
        if (!toAbort.isEmpty()) {
            LOG.fine(() -> "aurora-jca bg: " + id + ": closed " + toAbort.size() + " background connection(s) to blue");
        }
    }

    static String resolve(String host) {
        if (BgPlan.isAddressLiteral(host)) {
            return host;
        }
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** {@code ip:port} of a host, or null when its name does not resolve. */
    static String addressKey(HostSpec h) {
        String a = resolve(h.host());
        return a == null ? null : a + ":" + h.port();
    }

    @Override
    public void close() {
        closed = true;
        blue.close();
        green.close();
        synchronized (waitRoom) {
            waitRoom.notifyAll();
        }
    }

    /** One side's status reader: a task on the runtime's scheduler with one connection to its cluster. */
    private final class SideMonitor {
        private final BgRole role;
        private final Object lock = new Object();
        private Connection connection;        // only touched by the poll task
        private Future<?> next;      // guarded by lock
        private long nextAtNanos;             // guarded by lock
        private boolean running;              // guarded by lock
        private volatile boolean lastFailed;

        SideMonitor(BgRole role) { this.role = role; }

        void schedule(long delayMs) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                try {
                    next = runtime.scheduler().schedule(this::poll, delayMs, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // the runtime is stopping
                }
                nextAtNanos = now() + TimeUnit.MILLISECONDS.toNanos(delayMs);
            }
        }

        /** Brings the next poll forward to within {@code ms}, unless one runs now or is due sooner. */
        void pollSoon(long ms) {
            synchronized (lock) {
                if (closed || running || next == null || nextAtNanos - (now() + TimeUnit.MILLISECONDS.toNanos(ms)) <= 0) {
                    return;
                }
                if (next.cancel(false)) {
                    schedule(0);
                }
            }
        }

        private void poll() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                running = true;
            }
            boolean failed = false;
            long started = now();
            try {
                Connection c = connection();
                if (c != null) {
                    List<BgRow> rows = BgMetadata.readRows(c);
                    List<BgMetadata.Instance> instances = tracker.collecting() ? BgMetadata.readInstances(c) : List.of();
                    observe(role, new BgMetadata.Read(rows, instances), started);
                } else {
                    publish(tracker.state(now()));
                }
            } catch (SQLException | RuntimeException e) {
                failed = true;
                LOG.log(Level.FINE, "aurora-jca bg: " + id + ": reading " + role.side() + "'s status failed; will retry", e);
                closeConnection();
                publish(tracker.readFailed(role, now()));
            } finally {
                lastFailed = failed;
                long delay = tracker.nextPollDelayMs(role, failed, bg.baselineMs(), bg.increasedMs(), bg.highMs(), now());
                synchronized (lock) {
                    running = false;
                }
                if (closed) {
                    closeConnection();
                } else {
                    schedule(delay);
                }
            }
        }

        /** The open connection to this side, opening one when the side's endpoint is known; null otherwise. */
        private Connection connection() throws SQLException {
            Connection c = connection;
            if (c != null && !c.isClosed()) {
                return c;
            }
            HostSpec target;
            String loginName;
            BgPlan.Endpoint e = tracker.watchTarget(role);
            if (e != null) {
                // By address: the names move during the switchover, this monitor must stay on its side.
                target = new HostSpec(e.address(), e.port(), "", HostSpec.Role.UNKNOWN);
                loginName = e.name();
            } else if (role == BgRole.SOURCE) {
                target = HostSpec.endpoint(settings.host(), settings.port());
                loginName = settings.host();
            } else {
                return null; // green's endpoints come from blue's rows
            }
            int timeout = probeTimeoutMs();
            ConnectRequest req = ConnectRequest.background(target, ConnectRequest.Purpose.MONITORING, settings, timeout, timeout);
            req.properties().setProperty(MONITOR_MARKER, "true");
            req.properties().setProperty(IamAuthPlugin.SIGN_HOST_PROPERTY, loginName);
            connection = pipeline.connect(req);
            return connection;
        }

        private int probeTimeoutMs() {
            int t = settings.connectTimeoutMs();
            return t <= 0 ? 3000 : Math.max(100, Math.min(t, 3000));
        }

        private void closeConnection() {
            Connection c = connection;
            connection = null;
            Jdbc.closeQuietly(c);
        }

        void close() {
            synchronized (lock) {
                if (next != null) {
                    next.cancel(false);
                }
                if (!running) {
                    closeConnection();
                }
            }
        }
    }
}
