package dev.aurorajca.driver.bg;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.FailoverMode;
import dev.aurorajca.driver.failover.ErrorClassifier;
import dev.aurorajca.driver.failover.Routing;
import dev.aurorajca.driver.iam.IamAuthPlugin;
import dev.aurorajca.driver.plugin.ConnectChain;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.ConnectionChange;
import dev.aurorajca.driver.plugin.ConnectionContext;
import dev.aurorajca.driver.plugin.ConnectionPlugin;
import dev.aurorajca.driver.plugin.FailoverOutcomes;
import dev.aurorajca.driver.plugin.Invocation;
import dev.aurorajca.driver.plugin.Jdbc;
import dev.aurorajca.driver.plugin.PluginRuntime;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The {@code bg} plugin (alias {@code blue_green}): rides through an Aurora blue/green switchover.
 *
 * <p>What a user may rely on:
 * <ul>
 *   <li>The deployment's status comes from {@code mysql.rds_topology} (Aurora MySQL 3.07+), read
 *       by one monitor connection per side (blue and green) on the runtime's scheduler, every
 *       {@code bgBaselineMs} while no deployment exists, {@code bgIncreasedMs} while one exists and
 *       {@code bgHighMs} during a switchover or right after a connection met an error there.</li>
 *   <li>While the switchover is in progress, new connections and calls to blue or green wait instead
 *       of failing, each at most {@code bgConnectTimeoutMs}, and all of them at most until
 *       {@code bgSwitchoverTimeoutMs} after the switchover started (then they go ahead, even if the
 *       end of the switchover was never seen).</li>
 *   <li>Once green has taken over, every connect to a blue name (instance, cluster endpoint, the
 *       {@code -old1} names) or address goes to the matching green instance by the address green had
 *       before the switchover, whatever DNS says; logins (IAM tokens) use the name green now carries.
 *       A connection still on blue moves to green at its next call: silently when it is idle (a
 *       {@code Connection} method, no transaction open); with {@code 08S02} when the call was on a
 *       statement made on blue; with {@code 08007} when a transaction was open ({@code rollback()}
 *       returns normally: the transaction ended with blue).</li>
 *   <li>A writer search on blue (failover's probes) while no switchover has been seen first waits for a
 *       status read begun after it, at most {@link BgDeployment#PROBE_GATE_MAX_NANOS}: blue's writer
 *       refuses writes before its rows say the switchover is in progress, yet answers a probe as the
 *       writer, so without that read one switchover start could cost the application two errors.</li>
 *   <li>A rollback leaves everything on blue.</li>
 * </ul>
 * The plugin does nothing while no deployment exists, beyond the monitor's reads.
 */
public final class BlueGreenPlugin implements ConnectionPlugin {

    private static final Logger LOG = Logger.getLogger(BlueGreenPlugin.class.getName());

    private final PluginRuntime runtime;
    private final AuroraSettings settings;
    private volatile BgDeployment deployment;

    public BlueGreenPlugin(PluginRuntime runtime, AuroraSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    /** Every call that can reach the server; not those that end or inspect the connection. */
    @Override
    public boolean subscribes(Method m) {
        return ConnectionPlugin.canReachServer(m);
    }

    private BgDeployment deployment() {
        BgDeployment d = deployment;
        if (d == null) {
            d = BlueGreenDeployments.of(runtime).deployment(settings);
            deployment = d;
        }
        return d;
    }

    @Override
    public Connection connect(ConnectRequest req, ConnectChain next) throws SQLException {
        Properties props = req.properties();
        if (props.remove(BgDeployment.MONITOR_MARKER) != null) {
            return next.connect(req);
        }
        BgDeployment d = deployment();
        BgState s = d.state();
        HostSpec h = req.host();
        ConnectRequest.Purpose purpose = req.purpose();
        BgRole side = s.active() ? s.plan().sideOf(h.host(), h.port()) : null;
        if (side != null) {
            if (side == BgRole.SOURCE && purpose == ConnectRequest.Purpose.PROBE && !s.switched() && !s.pinBlue(d.now())) {
                // No switchover seen, but someone searches blue for a writer: if it is a switchover this runtime
                // has not read yet, blue's writer is read-only already yet still answers a probe as the writer.
                // Read the status first, so that a failover does not move onto the same read-only writer.
                if (!d.statusReadSinceSuspicion(d.now())) {
                    d.nudge();
                    throw new SQLException("aurora-jca bg: " + h.hostPort() + " is not probed until the blue/green status has been read"
                            + " (a writer search on blue may be a switchover starting)", "08001");
                }
                s = d.state();
            }
            if (side == BgRole.SOURCE && purpose == ConnectRequest.Purpose.PROBE && s.pinBlue(d.now())) {
                // Once the switchover has started, a writer search or topology probe on blue learns nothing
                // reliable: blue turns read-only moments before its rows say so, and an instance in the middle
                // of that can still answer writable. Probes wait for the outcome (green, or blue after a rollback).
                d.nudge();
                throw new SQLException("aurora-jca bg: " + h.hostPort() + " is not probed: a blue/green switchover has started", "08001");
            }
            if (s.holding(d.now())) {
                if (purpose == ConnectRequest.Purpose.PROBE || purpose == ConnectRequest.Purpose.MONITORING) {
                    // Background probes must not block the scheduler: unreachable for now, they ask again.
                    throw new SQLException("aurora-jca bg: " + h.hostPort() + " is held: a blue/green switchover is in progress", "08001");
                }
                s = d.awaitRelease(d.now() + TimeUnit.MILLISECONDS.toNanos(d.settings().connectTimeoutMs()));
            }
            if (purpose == ConnectRequest.Purpose.FAILOVER || purpose == ConnectRequest.Purpose.PROBE) {
                d.nudge(); // someone is looking for a writer on blue or green: the switchover may have begun
            }
            BgPlan.Route r = s.switched() ? s.plan().greenRoute(h.host(), h.port())
                    : s.pinBlue(d.now()) ? s.plan().blueRoute(h.host()) : null;
            if (r != null) {
                props.setProperty(IamAuthPlugin.SIGN_HOST_PROPERTY, r.loginName());
                req = new ConnectRequest(new HostSpec(r.address(), r.port(), h.instanceId(), h.role()), purpose, req.settings(), props);
            }
        }
        Connection c = next.connect(req);
        d.record(c, BgDeployment.addressKey(req.host()), purpose);
        return c;
    }

    @Override
    public Object execute(Invocation inv) throws SQLException {
        BgDeployment d = deployment;
        if (d == null) {
            return inv.proceed();
        }
        BgState s = d.state();
        if (!s.active()) {
            return inv.proceed();
        }
        long now = d.now();
        boolean hold = s.holding(now);
        if (!hold && !s.switched()) {
            // Nothing moves: the only work is on the failure path.
            try {
                return inv.proceed();
            } catch (SQLException e) {
                nudgeOnRefusal(d, inv.context(), e);
                throw e;
            }
        }
        ConnectionContext c = inv.context();
        BgRole side = d.sideOf(c.physical());
        boolean waited = false;
        if (side != null && hold) {
            s = d.awaitRelease(now + TimeUnit.MILLISECONDS.toNanos(d.settings().connectTimeoutMs()));
            waited = true;
        }
        if (s.switched() && side == BgRole.SOURCE) {
            return relocate(inv, d, target(c, s.plan()), true);
        }
        if (waited && !linkAlive(c)) {
            // The switchover reset the link while the call waited (a rollback, a timeout, a green-side connection):
            // a fresh one to the same place, so an idle connection does not pay for it with an error.
            return relocate(inv, d, c.host(), false);
        }
        try {
            return inv.proceed();
        } catch (SQLException e) {
            nudgeOnRefusal(d, c, e);
            throw e;
        }
    }

    private static boolean linkAlive(ConnectionContext c) {
        try {
            return c.physical().isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A physical connection opened for another purpose (a writer search's probe handed over by failover)
     * now serves the application: at the switch it must be moved like one, not aborted like a probe.
     */
    @Override
    public void connectionChanged(ConnectionContext ctx, ConnectionChange change) {
        BgDeployment d = deployment;
        if (d != null) {
            d.servesApplication(ctx.physical());
        }
    }

    /** A refusal (network error, read-only) from blue or green may be the switchover starting: read the status now. */
    private static void nudgeOnRefusal(BgDeployment d, ConnectionContext c, SQLException e) {
        if ((ErrorClassifier.isNetworkError(e) || ErrorClassifier.isReadOnlyError(e)) && d.sideOf(c.physical()) != null) {
            d.nudge();
        }
    }

    /**
     * Moves {@code inv}'s connection to a new physical connection to {@code to} — green's counterpart
     * once green has taken over ({@code toGreen}), or the same place after the switchover reset its link —
     * then tells the application what it needs to know: nothing when it was idle (a Connection call, no
     * transaction open), {@code 08S02} when the call was on a statement made on the old link,
     * {@code 08007} when a transaction was open ({@code rollback()} returns normally: the transaction
     * ended with the old link).
     */
    private Object relocate(Invocation inv, BgDeployment d, HostSpec to, boolean toGreen) throws SQLException {
        ConnectionContext c = inv.context();
        Method m = inv.method();
        boolean connectionCall = inv.target() instanceof Connection;
        String where = toGreen ? "green" : to.hostPort();
        synchronized (c.swapLock()) {
            boolean stillNeeded = c.generation() == inv.generation()
                    && (!toGreen || d.sideOf(c.physical()) == BgRole.SOURCE);
            if (stillNeeded) {
                boolean inTransaction = c.isInTransaction() || (connectionCall && m.getName().equals("commit"));
                HostSpec from = c.host();
                long start = d.now();
                Connection fresh;
                try {
                    fresh = c.connect(ConnectRequest.of(to, ConnectRequest.Purpose.FAILOVER, settings));
                } catch (SQLException e) {
                    // Cannot be reached now: the call meets the old link's answer (failover handles a refusal).
                    LOG.warning("aurora-jca bg: cannot open a connection to " + where + " for " + from.hostPort() + " ("
                            + e.getMessage() + "); the call goes ahead on the current connection");
                    d.nudge();
                    return inv.proceed();
                }
                if (toGreen && d.sideOf(fresh) == BgRole.SOURCE) {
                    Jdbc.closeQuietly(fresh); // DNS still leads to blue and no mapping applies: do not move to blue again
                    return inv.proceed();
                }
                c.abandonPhysical();
                try {
                    c.replacePhysical(fresh, to);
                } catch (SQLException e) {
                    c.markFailed();
                    throw runtime.failoverOutcomes().create(FailoverOutcomes.Kind.FAILED, "aurora-jca bg: moving the connection from "
                            + from.hostPort() + " to " + where + " failed: " + e.getMessage() + ". The connection is unusable; close it.", e);
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(d.now() - start);
                LOG.fine(() -> "aurora-jca bg: connection moved from " + from.hostPort() + " to " + where + " (" + to.hostPort()
                        + ") in " + ms + " ms" + (inTransaction ? ", transaction open" : ""));
                if (inTransaction) {
                    if (connectionCall && m.getName().equals("rollback") && m.getParameterCount() == 0) {
                        return null; // the transaction ended with the old link: nothing is left to roll back
                    }
                    throw runtime.failoverOutcomes().create(FailoverOutcomes.Kind.TRANSACTION_UNKNOWN, "The blue/green switchover moved the connection from "
                            + from.hostPort() + " to " + where + " while a transaction was open; its outcome is unknown. "
                            + "Restart the transaction on the same connection if it is safe to run again.", null);
                }
            }
        }
        if (!connectionCall) {
            throw runtime.failoverOutcomes().create(FailoverOutcomes.Kind.MOVED, "The blue/green switchover moved the connection to " + where + "; this "
                    + m.getDeclaringClass().getSimpleName() + " was made on the old link and did not run. Create it again on the same "
                    + "Connection and retry.", null);
        }
        return repeatInside(inv, c);
    }

    /** Where {@code c} goes on green: writer connections to green's writer, others to their instance's counterpart. */
    private static HostSpec target(ConnectionContext c, BgPlan plan) {
        boolean writer = Routing.currentMode(c) == FailoverMode.STRICT_WRITER && !c.settings().readOnly();
        HostSpec h = c.host();
        if (!writer && h != null && plan.greenRoute(h.host(), h.port()) != null) {
            return h; // the connect hook sends its name to the green counterpart
        }
        String w = plan.blueWriter();
        if (w != null) {
            BgPlan.Endpoint e = plan.endpoint(w);
            return new HostSpec(w, e.port(), BgPlan.label(w), HostSpec.Role.WRITER);
        }
        String cluster = plan.blueCluster();
        if (cluster != null) {
            return HostSpec.endpoint(cluster, plan.endpoint(cluster).port());
        }
        return h;
    }

    /** Runs {@code inv}'s Connection call on the connection's current physical connection, through the plugins inside this one. */
    private Object repeatInside(Invocation inv, ConnectionContext c) throws SQLException {
        return inv.target() == c.physical() ? inv.proceed() : inv.repeatInside(this);
    }

    @Override
    public String toString() {
        BgDeployment d = deployment;
        return "bg[" + settings.blueGreen().deploymentId() + (d == null ? "" : ", " + d.state().phase()) + "]";
    }
}
