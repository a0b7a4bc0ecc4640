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
public record Definition(String name, int maxPoolSize, Map<String, String> properties) {

    public static final String WRITER = "writer";
    public static final String READER = "reader";
    /** Set on the writer by {@link #standard}: '=', ':' and quotes prove a value reaches the adapter whole. */
    public static final String WRITER_DRIVER_PROPERTIES = "sessionVariables=time_zone='+01:00'";

    public Definition {
        properties = Map.copyOf(new LinkedHashMap<>(properties));
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
        return new Definition(this.name, maxPoolSize, p);
    }

    /** A copy named {@code newName}. */
    public Definition named(String newName) {
        return new Definition(newName, maxPoolSize, properties);
    }
}
