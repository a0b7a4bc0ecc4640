package dev.aurorajca.itsupport.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.aurorajca.clustersim.SimCluster;

/**
 * One configured instance of the adapter's connection definition, whatever the server: WildFly
 * makes it a {@code connection-definitions=<name>} of resource adapter {@code aurora}, Payara a
 * connector connection pool {@code aurora-<name>-pool} with a connector resource.
 */
public record Definition(String name, int maxPoolSize, Map<String, String> properties, boolean xa) {

    public static final String WRITER = "writer";
    public static final String READER = "reader";
    /** The XA pool ({@link WithXaPool}): a writer definition with transaction support {@code XATransaction}. */
    public static final String XA = "xa";
    /** Set on the writer by {@link #standard}: '=', ':' and quotes prove a value reaches the adapter whole. */
    public static final String WRITER_DRIVER_PROPERTIES = "sessionVariables=time_zone='+01:00'";

    public Definition {
        properties = Map.copyOf(new LinkedHashMap<>(properties));
    }

    /** A {@code LocalTransaction} definition (every pool but the XA one). */
    public Definition(String name, int maxPoolSize, Map<String, String> properties) {
        this(name, maxPoolSize, properties, false);
    }

    /**
     * {@link #standard} plus the XA pool {@value #XA}: WildFly makes it a second activation of the
     * rar ({@code resource-adapter=aurora-xa}, {@code XATransaction}), Payara a pool with
     * {@code --transactionsupport XATransaction}.
     */
    public static List<Definition> withXa(SimCluster cluster) {
        List<Definition> all = new java.util.ArrayList<>(standard(cluster));
        all.add(new Definition(XA, 10, AdapterProperties.of(cluster, "aurora-it", false), true));
        return List.copyOf(all);
    }

    /** The configuration every scenario gets unless it manages the adapter itself: writer and reader, max pool 20. */
    public static List<Definition> standard(SimCluster cluster) {
        return pair(cluster, 20);
    }

    /** Writer and reader definitions with {@code maxPoolSize}. */
    public static List<Definition> pair(SimCluster cluster, int maxPoolSize) {
        Map<String, String> writer = new LinkedHashMap<>(AdapterProperties.of(cluster, "aurora-it", false));
        writer.put("DriverProperties", WRITER_DRIVER_PROPERTIES);
        return List.of(new Definition(WRITER, maxPoolSize, writer),
                new Definition(READER, maxPoolSize, AdapterProperties.of(cluster, "aurora-it", true)));
    }

    /** A copy with {@code name=value} set. */
    public Definition with(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(name, value);
        return new Definition(this.name, maxPoolSize, p, xa);
    }

    /** A copy named {@code newName}. */
    public Definition named(String newName) {
        return new Definition(newName, maxPoolSize, properties, xa);
    }
}
