package dev.aurorajca.itsupport.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.aurorajca.clustersim.SimCluster;

/**
 * What a server module supplies to the shared scenarios ({@code dev.aurorajca.itsupport.scenario}):
 * how the adapter is deployed and configured on its server, the JNDI names it binds, and the WARs.
 * Each module registers one implementation in
 * {@code src/test/resources/META-INF/services/dev.aurorajca.itsupport.client.AppServer}
 * (WildFly: {@code WildFlyServer}, Payara: {@code PayaraServer}). Client JVM only.
 */
public interface AppServer {

    /** The module's server (the one implementation on the class path). */
    static AppServer get() {
        return Holder.INSTANCE;
    }

    /** For reports, e.g. "WildFly 39.0.1.Final". */
    String name();

    /** The JNDI name the server binds definition {@code definition} under (application code looks it up). */
    String jndi(String definition);

    default String writerJndi() {
        return jndi(Definition.WRITER);
    }

    default String readerJndi() {
        return jndi(Definition.READER);
    }

    /** The XA pool's JNDI name (deployed for classes marked {@link WithXaPool}). */
    default String xaJndi() {
        return jndi(Definition.XA);
    }

    /**
     * Deploys the rar and creates {@code definitions} (the server's pool defaults except the max
     * pool size). Throws if the server rejects any step, with the server's own message (a bad
     * configuration value may surface here). Call {@link #undeployAdapter()} afterwards even then.
     */
    void deployAdapter(List<Definition> definitions) throws Exception;

    /** Removes every definition and undeploys the rar; parts that do not exist are skipped. */
    void undeployAdapter() throws Exception;

    /**
     * The scenarios' test WAR: it-support's {@code server/} classes ({@link ServerClasses#all()}),
     * {@code extra}, and a {@code WEB-INF/web.xml} mapping resource refs {@code aurora/writer} and
     * {@code aurora/reader} to this server's JNDI names. Needs {@link #deployAdapter} done first.
     */
    default WebArchive testWar(String name, Class<?>... extra) {
        return Wars.test(name, writerJndi(), readerJndi(), extra);
    }

    /** Only the probe servlet: deploys without the rar (for scenarios that deploy the adapter themselves). */
    default WebArchive probeWar(String name) {
        return Wars.probe(name);
    }

    /** The server's log file (for {@link ServerLog#mark}). */
    Path serverLog();

    /** Where a scenario writes its measured numbers ({@code target/measurements} of the module). */
    Path measurements();

    /**
     * Pool statistics of a definition (name → value), where the server exposes them cheaply;
     * empty where it does not. Reported, and compared by {@link #destroyedAtCheckoutMarker()}.
     */
    default Map<String, String> poolStatistics(String definition) throws Exception {
        return Map.of();
    }

    /**
     * A server-log text that marks one pooled connection destroyed because checkout validation
     * found it dead (WildFly {@code IJ000621}), or null: with {@link #poolStatistics} it lets the
     * failover scenario prove no connection was destroyed after an error event.
     */
    default String destroyedAtCheckoutMarker() {
        return null;
    }

    /**
     * Name prefixes of threads the server's own pools start lazily and keep for a while (Payara:
     * Hazelcast, RMI, its executor service); {@code LifecycleIT} does not count them as threads
     * the adapter left behind. Empty where the server starts none during the cycles (WildFly).
     */
    default java.util.Set<String> serverThreadPrefixes() {
        return java.util.Set.of();
    }

    /**
     * For the throughput benchmark only: a plain server datasource over mysql-connector-j at
     * {@code cluster}'s writer proxy, max pool {@code maxPoolSize}; returns its JNDI name.
     */
    String deployNativeDataSource(SimCluster cluster, int maxPoolSize) throws Exception;

    void removeNativeDataSource() throws Exception;

    /** Loads the implementation once. */
    final class Holder {
        static final AppServer INSTANCE = load();

        private Holder() {
        }

        private static AppServer load() {
            List<AppServer> all = ServiceLoader.load(AppServer.class).stream().map(ServiceLoader.Provider::get).toList();
            if (all.size() != 1) {
                throw new IllegalStateException("expected exactly one " + AppServer.class.getName() + " in META-INF/services "
                        + "of the server module (arquillian-tests or arquillian-tests-payara), found " + all);
            }
            return all.get(0);
        }
    }
}
