package dev.aurorajca.driver.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The cluster MXBeans of one driver runtime, all unregistered by {@link #close()}. The counters
 * themselves live with each cluster (a {@link ClusterMetrics} the cluster holds as an attachment).
 *
 * <p>Object names are {@code dev.aurorajca:type=Cluster,name="<clusterId>",runtime=<runtime>}.
 * The cluster id is always quoted ({@link ObjectName#quote}: ids such as {@code host:3306} hold
 * characters a plain value may not). The {@code runtime} key keeps two runtimes in one JVM apart
 * (two deployed adapters for the same cluster): it is the runtime's name, and if another runtime
 * already registered that name for the cluster (runtime names are only unique per class loader,
 * and every adapter deployment has its own), {@code #2}, {@code #3}, … is appended.
 *
 * <p>Registration never fails a connection: a JMX error is logged once per cluster and the
 * cluster runs without its MBean.
 */
public final class RuntimeMetrics implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuntimeMetrics.class.getName());
    public static final String DOMAIN = "dev.aurorajca";
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._#-]+");
    /** Enough for any number of deployments one server holds; bounds the loop if JMX misbehaves. */
    private static final int MAX_SUFFIX = 1000;

    private final String runtimeName;
    private final Supplier<MBeanServer> server;
    // guarded by this
    private final List<ObjectName> registered = new ArrayList<>();
    private MBeanServer registeredOn;
    private boolean closed;

    /** Metrics of the runtime {@code runtimeName}, registered on the platform MBean server. */
    public RuntimeMetrics(String runtimeName) {
        this(runtimeName, ManagementFactory::getPlatformMBeanServer);
    }

    /** Metrics registered on {@code server} (tests use a private one). */
    public RuntimeMetrics(String runtimeName, Supplier<MBeanServer> server) {
        this.runtimeName = runtimeName;
        this.server = server;
    }

    /**
     * Registers the MXBean of {@code clusterId}: {@code counters} (the cluster's, which failover and
     * host monitoring bump) and {@code state}, read on every attribute read. Returns its name, or
     * null if the runtime is closed or JMX refused (logged).
     */
    public synchronized ObjectName register(String clusterId, ClusterMetrics counters, ClusterState state) {
        if (closed) {
            return null;
        }
        try {
            MBeanServer mbs = server.get();
            for (int n = 1; n <= MAX_SUFFIX; n++) {
                String runtimeKey = n == 1 ? runtimeName : runtimeName + "#" + n;
                ObjectName name = objectName(clusterId, runtimeKey);
                try {
                    mbs.registerMBean(new ClusterStats(clusterId, runtimeKey, counters, state), name);
                    registered.add(name);
                    registeredOn = mbs;
                    // The exact name, for tools that want one rather than a pattern (Payara's JMX monitoring service).
                    LOG.info("aurora-jca: cluster " + clusterId + ": MBean " + name + " registered");
                    return name;
                } catch (InstanceAlreadyExistsException e) {
                    // another runtime (another deployment) holds this name: try the next suffix
                }
            }
            LOG.warning("aurora-jca: cluster " + clusterId + ": " + MAX_SUFFIX + " runtimes already registered an MBean for it; none registered");
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "aurora-jca: cluster " + clusterId + ": its JMX MBean could not be registered; the cluster works without it", e);
        }
        return null;
    }

    /** Names of the MBeans this runtime has registered now. */
    public synchronized List<ObjectName> registeredNames() {
        return List.copyOf(registered);
    }

    /** The object name of a cluster MBean; {@code runtimeKey} is quoted only when it must be. */
    public static ObjectName objectName(String clusterId, String runtimeKey) throws MalformedObjectNameException {
        String runtime = PLAIN_VALUE.matcher(runtimeKey).matches() ? runtimeKey : ObjectName.quote(runtimeKey);
        return new ObjectName(DOMAIN + ":type=Cluster,name=" + ObjectName.quote(clusterId) + ",runtime=" + runtime);
    }

    /** Unregisters every MBean of this runtime; idempotent. Later {@link #register} calls do nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        for (ObjectName name : registered) {
            try {
                registeredOn.unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // someone unregistered it already: nothing is left behind either way
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "aurora-jca: MBean " + name + " could not be unregistered", e);
            }
        }
        registered.clear();
    }
}
