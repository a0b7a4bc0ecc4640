package dev.aurorajca.driver.cluster;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.DialectCode;
import dev.aurorajca.driver.dialect.Dialect;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.plugin.PluginPipeline;
import dev.aurorajca.driver.plugin.TargetConnector;
import dev.aurorajca.driver.time.ManualTime;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fake cluster instances for unit tests of the cluster logic: each answers "writable?" and the
 * topology query from fields a test changes, through fake connections and a fake
 * {@link Dialect}; nothing touches a network. Counts the connections open at any time.
 */
public final class FakeInstances {

    /** One fake instance; the test flips its fields to model promotions, crashes and flapping. */
    public static final class Instance {
        public final HostSpec spec;
        public volatile boolean writable;
        public volatile boolean reachable = true;
        /** Each connect sleeps this long on the fake clock first (a hung instance: a connect timeout). */
        public volatile long connectDelayMs;
        /** Each query sleeps this long on the fake clock first (a hung instance: a socket timeout when unreachable). */
        public volatile long queryDelayMs;
        /** Runs inside each connect to this instance, after the delay, before it answers (for race tests). */
        public volatile Runnable onConnect = () -> { };
        /** Runs inside each query on a connection to this instance, before it answers. */
        public volatile Runnable onQuery = () -> { };
        public final AtomicInteger connects = new AtomicInteger();

        Instance(HostSpec spec) { this.spec = spec; }
    }

    private final ManualTime time;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** What every topology query answers; null: "no usable answer". */
    public volatile Topology reported;

    public FakeInstances(ManualTime time) {
        this.time = time;
    }

    public Instance add(String id, boolean writable) {
        Instance i = new Instance(new HostSpec(id + ".cluster.example", 3306, id, writable ? HostSpec.Role.WRITER : HostSpec.Role.READER));
        i.writable = writable;
        instances.put(i.spec.hostPort(), i);
        return i;
    }

    /** The topology that names {@code writerId} the writer and every other instance a reader. */
    public Topology topology(String writerId) {
        List<HostSpec> hosts = new ArrayList<>();
        for (Instance i : instances.values()) {
            hosts.add(i.spec.withRole(i.spec.instanceId().equals(writerId) ? HostSpec.Role.WRITER : HostSpec.Role.READER));
        }
        return new Topology(hosts, time.nanoTime());
    }

    /** Physical connections opened and not yet closed. */
    public int openConnections() {
        return open.get();
    }

    public TargetConnector target() {
        return this::connect;
    }

    private Connection connect(ConnectRequest req) throws SQLException {
        Instance i = instances.get(req.host().hostPort());
        if (i == null) {
            throw new SQLNonTransientConnectionException("unknown host " + req.host().hostPort(), "08001");
        }
        i.connects.incrementAndGet();
        if (i.connectDelayMs > 0) {
            time.sleepMillis(i.connectDelayMs);
        }
        i.onConnect.run();
        if (!i.reachable) {
            throw new SQLNonTransientConnectionException("connect to " + i.spec.hostPort() + " failed", "08001");
        }
        open.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(FakeInstances.class.getClassLoader(), new Class<?>[] {Connection.class}, new Link(i));
    }

    /** A fake physical connection: open or closed, and to which instance. */
    private final class Link implements InvocationHandler {
        final Instance instance;
        boolean closed;

        Link(Instance instance) { this.instance = instance; }

        @Override
        public synchronized Object invoke(Object proxy, Method m, Object[] args) {
            switch (m.getName()) {
                case "close":
                case "abort":
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                    return null;
                case "isClosed":
                    return closed;
                case "isValid":
                    return !closed && instance.reachable;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "fake connection to " + instance.spec.hostPort();
                case "createStatement":
                    return statement(this);
                default:
                    throw new UnsupportedOperationException("fake connection: " + m.getName());
            }
        }
    }

    /** A statement whose queries answer one row while the instance is reachable. */
    private Object statement(Link link) {
        return Proxy.newProxyInstance(FakeInstances.class.getClassLoader(), new Class<?>[] {java.sql.Statement.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "executeQuery":
                    link.instance.onQuery.run();
                    if (link.instance.queryDelayMs > 0) {
                        time.sleepMillis(link.instance.queryDelayMs);
                    }
                    reach(link);
                    return resultSet();
                case "close":
                    return null;
                default:
                    throw new UnsupportedOperationException("fake statement: " + m.getName());
            }
        });
    }

    private static Object resultSet() {
        boolean[] read = new boolean[1];
        return Proxy.newProxyInstance(FakeInstances.class.getClassLoader(), new Class<?>[] {java.sql.ResultSet.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "next":
                    boolean first = !read[0];
                    read[0] = true;
                    return first;
                case "close":
                    return null;
                default:
                    throw new UnsupportedOperationException("fake result set: " + m.getName());
            }
        });
    }

    /** Whether {@code c} (a fake connection) is closed. */
    public static boolean isClosed(Connection c) {
        Link l = (Link) Proxy.getInvocationHandler(c);
        synchronized (l) {
            return l.closed;
        }
    }

    private static Instance reach(Connection c) throws SQLException {
        return reach((Link) Proxy.getInvocationHandler(c));
    }

    private static Instance reach(Link l) throws SQLException {
        synchronized (l) {
            if (l.closed) {
                throw new SQLNonTransientConnectionException("connection closed", "08003");
            }
        }
        if (!l.instance.reachable) {
            throw new SQLNonTransientConnectionException("Communications link failure", "08S01");
        }
        return l.instance;
    }

    /** A dialect that answers from the instances' fields. */
    public Dialect dialect() {
        return new Dialect() {
            @Override public DialectCode code() { return DialectCode.AURORA_MYSQL; }
            @Override public boolean hasTopology() { return true; }
            @Override public boolean isReadOnly(Connection c) throws SQLException { return !reach(c).writable; }
            @Override public InstanceState identify(Connection c) throws SQLException {
                Instance i = reach(c);
                return new InstanceState(i.spec.instanceId(), !i.writable);
            }
            @Override public Topology queryTopology(Connection c, AuroraSettings settings) throws SQLException {
                reach(c);
                return reported;
            }
        };
    }

    /** Settings for a fake cluster, with {@code extra} on top. */
    public static AuroraSettings settings(Map<String, String> extra) throws SQLException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dialect", "mysql");
        p.put("connectTimeout", "1000");
        p.putAll(extra);
        return AuroraSettings.of("cluster.example", 3306, "db", p);
    }

    /** A cluster context over these instances on the fake clock; its monitor starts with the first {@code initialize}. */
    public ClusterContext cluster(AuroraSettings settings) {
        return new ClusterContext("fake", settings, new PluginPipeline(target(), List.of()), dialect(), time, time, n -> { });
    }

    /** A fake connection to {@code i} (counted as open) for tests that hand one to the cluster. */
    public Connection connectTo(Instance i) throws SQLException {
        return connect(ConnectRequest.of(i.spec, ConnectRequest.Purpose.PROBE, settings(Map.of())));
    }
}
