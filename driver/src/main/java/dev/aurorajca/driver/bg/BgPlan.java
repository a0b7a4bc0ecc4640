package dev.aurorajca.driver.bg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the plugin knows about a deployment before its switchover: every blue and green endpoint
 * with the address it resolved to while the names were still distinct, and which green endpoint
 * takes over from each blue one (cluster endpoint to cluster endpoint, writer to writer, readers by
 * name). Frozen when the switchover starts, so that the names moving during the switchover cannot
 * change where a blue name leads. Immutable.
 */
final class BgPlan {

    /** One endpoint of one side, with the address its name had while the plan was collected. */
    record Endpoint(String name, int port, String address, BgRole role, boolean cluster, boolean reader, boolean instance) {
        String addressKey() {
            return address == null ? null : address + ":" + port;
        }
    }

    /** Where a connect to a blue (or former green) name goes after the switch, and the name its login uses. */
    record Route(String address, int port, String loginName) { }

    /** RDS names a green copy {@code <blue name>-green-<6 letters or digits>}; after the switchover blue's become {@code <name>-old1}. */
    private static final Pattern GREEN_SUFFIX = Pattern.compile("-green-[a-z0-9]+$");
    private static final Pattern OLD_SUFFIX = Pattern.compile("-old[0-9]+$");

    private final Map<String, Endpoint> byName;
    private final Map<String, String> blueToGreen;
    private final Map<String, String> greenToBlue;
    private final Map<String, Endpoint> blueByAddress;
    private final Set<String> greenAddresses;
    private final String blueWriter;
    private final String blueCluster;

    private BgPlan(Map<String, Endpoint> byName, Map<String, String> blueToGreen, String blueWriter, String blueCluster) {
        this.byName = Collections.unmodifiableMap(byName);
        this.blueToGreen = Collections.unmodifiableMap(blueToGreen);
        Map<String, String> reverse = new HashMap<>();
        blueToGreen.forEach((b, g) -> reverse.putIfAbsent(g, b));
        this.greenToBlue = Collections.unmodifiableMap(reverse);
        Map<String, Endpoint> blueAddr = new HashMap<>();
        Set<String> greenAddr = new HashSet<>();
        for (Endpoint e : byName.values()) {
            if (e.addressKey() == null) {
                continue;
            }
            if (e.role() == BgRole.SOURCE) {
                // an instance wins over an endpoint that shares its address (a CNAME-like endpoint)
                blueAddr.merge(e.addressKey(), e, (a, b) -> a.instance() ? a : b);
            } else {
                greenAddr.add(e.addressKey());
            }
        }
        this.blueByAddress = Collections.unmodifiableMap(blueAddr);
        this.greenAddresses = Collections.unmodifiableSet(greenAddr);
        this.blueWriter = blueWriter;
        this.blueCluster = blueCluster;
    }

    /**
     * Builds the plan from the rows and instances both sides reported; {@code resolve} gives a
     * name's address now (null when it does not resolve).
     */
    static BgPlan build(List<BgRow> rows, List<BgMetadata.Instance> blueInstances, List<BgMetadata.Instance> greenInstances,
                        Function<String, String> resolve) {
        Map<String, Endpoint> byName = new LinkedHashMap<>();
        for (BgRow r : rows) {
            byName.computeIfAbsent(r.endpoint(), n -> new Endpoint(n, r.port(), resolve.apply(n), r.role(),
                    r.isClusterEndpoint(), r.isReaderEndpoint(), r.isInstance()));
        }
        // A green name that resolves to a blue address is one green took over while DNS still lags
        // (a plan first collected after the rename): its address is not known yet.
        Set<String> blueAddresses = new HashSet<>();
        for (Endpoint e : byName.values()) {
            if (e.role() == BgRole.SOURCE && e.address() != null) {
                blueAddresses.add(e.address());
            }
        }
        byName.replaceAll((n, e) -> e.role() == BgRole.TARGET && blueAddresses.contains(e.address())
                ? new Endpoint(e.name(), e.port(), null, e.role(), e.cluster(), e.reader(), e.instance()) : e);
        List<Endpoint> blue = side(byName, BgRole.SOURCE);
        List<Endpoint> green = side(byName, BgRole.TARGET);
        Map<String, String> map = new LinkedHashMap<>();
        pair(map, first(blue, Endpoint::cluster), first(green, Endpoint::cluster));
        pair(map, first(blue, Endpoint::reader), first(green, Endpoint::reader));
        List<Endpoint> blueInst = instances(blue);
        List<Endpoint> greenInst = instances(green);
        Endpoint bw = writer(blueInst, blueInstances);
        Endpoint gw = writer(greenInst, greenInstances);
        pair(map, bw, gw);
        // The others by name (RDS names a green instance after its blue one), else round robin over green's readers.
        List<Endpoint> greenReaders = new ArrayList<>();
        for (Endpoint g : greenInst) {
            if (g != gw) {
                greenReaders.add(g);
            }
        }
        if (greenReaders.isEmpty()) {
            greenReaders.addAll(greenInst);
        }
        int next = 0;
        for (Endpoint b : blueInst) {
            if (map.containsKey(b.name())) {
                continue;
            }
            Endpoint byLabel = null;
            for (Endpoint g : greenInst) {
                if (baseLabel(g.name()).equals(label(b.name()))) {
                    byLabel = g;
                }
            }
            if (byLabel == null && !greenReaders.isEmpty()) {
                byLabel = greenReaders.get(next++ % greenReaders.size());
            }
            pair(map, b, byLabel);
        }
        return new BgPlan(byName, map, bw == null ? null : bw.name(), first(blue, Endpoint::cluster) == null ? null
                : first(blue, Endpoint::cluster).name());
    }

    private static List<Endpoint> side(Map<String, Endpoint> all, BgRole role) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : all.values()) {
            if (e.role() == role) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Endpoint::name));
        return out;
    }

    private static List<Endpoint> instances(List<Endpoint> side) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : side) {
            if (e.instance()) {
                out.add(e);
            }
        }
        return out;
    }

    private static Endpoint first(List<Endpoint> side, java.util.function.Predicate<Endpoint> p) {
        for (Endpoint e : side) {
            if (p.test(e)) {
                return e;
            }
        }
        return null;
    }

    private static Endpoint writer(List<Endpoint> endpoints, List<BgMetadata.Instance> instances) {
        for (BgMetadata.Instance i : instances) {
            if (i.writer()) {
                for (Endpoint e : endpoints) {
                    if (label(e.name()).equals(i.id())) {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    private static void pair(Map<String, String> map, Endpoint blue, Endpoint green) {
        if (blue != null && green != null) {
            map.putIfAbsent(blue.name(), green.name());
        }
    }

    static String label(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String baseLabel(String greenName) {
        return GREEN_SUFFIX.matcher(label(greenName)).replaceFirst("");
    }

    /** {@code instance-1-old1.abc…} → {@code instance-1.abc…}; null when the name carries no such suffix. */
    static String withoutOldSuffix(String name) {
        String l = label(name);
        String base = OLD_SUFFIX.matcher(l).replaceFirst("");
        return base.equals(l) ? null : base + name.substring(l.length());
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }

    // ---- questions ----------------------------------------------------------------------------

    /** The side a host (name, renamed blue name, or address) belongs to; null when neither. */
    BgRole sideOf(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        Endpoint e = blueEndpoint(h);
        if (e != null) {
            return BgRole.SOURCE;
        }
        Endpoint g = byName.get(h);
        if (g != null) {
            return g.role();
        }
        return sideOfAddress(h + ":" + port);
    }

    /** The side an address ({@code ip:port}) belongs to; null when neither. */
    BgRole sideOfAddress(String addressKey) {
        if (addressKey == null) {
            return null;
        }
        if (blueByAddress.containsKey(addressKey)) {
            return BgRole.SOURCE;
        }
        return greenAddresses.contains(addressKey) ? BgRole.TARGET : null;
    }

    /** The blue endpoint a name denotes: its own name, or the name with blue's {@code -old1} suffix. */
    private Endpoint blueEndpoint(String h) {
        Endpoint e = byName.get(h);
        if (e != null && e.role() == BgRole.SOURCE) {
            return e;
        }
        String base = withoutOldSuffix(h);
        if (base != null) {
            Endpoint b = byName.get(base);
            if (b != null && b.role() == BgRole.SOURCE) {
                return b;
            }
        }
        return null;
    }

    /**
     * After the switch: where a connect to {@code host} must go so it reaches green, or null when
     * the host is not blue's or green's (or is a green address already).
     */
    Route greenRoute(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        Endpoint blue = blueEndpoint(h);
        if (blue == null && isAddressLiteral(h)) {
            blue = blueByAddress.get(h + ":" + port);
        }
        if (blue != null) {
            String greenName = blueToGreen.get(blue.name());
            Endpoint green = greenName == null ? null : byName.get(greenName);
            if (green == null || green.address() == null) {
                return null;
            }
            return new Route(green.address(), green.port(), blue.name());
        }
        Endpoint g = byName.get(h);
        if (g != null && g.role() == BgRole.TARGET && g.address() != null) {
            // green's own pre-switch name: its DNS entry goes away; keep using the address it had
            return new Route(g.address(), g.port(), greenToBlue.getOrDefault(g.name(), g.name()));
        }
        return null;
    }

    /** During the switchover: the address a blue name had before it, so moving DNS cannot redirect the connect. */
    Route blueRoute(String host) {
        Endpoint blue = byName.get(host.toLowerCase(Locale.ROOT));
        if (blue == null || blue.role() != BgRole.SOURCE || blue.address() == null) {
            return null;
        }
        return new Route(blue.address(), blue.port(), blue.name());
    }

    /** Blue's writer instance name (null when not known): writer connections move to its green counterpart. */
    String blueWriter() { return blueWriter; }

    /** Blue's cluster endpoint name, or null. */
    String blueCluster() { return blueCluster; }

    /** The green name a blue name maps to, or null. */
    String greenFor(String blueName) { return blueToGreen.get(blueName.toLowerCase(Locale.ROOT)); }

    /** Every endpoint name of {@code role}. */
    List<String> names(BgRole role) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : byName.values()) {
            if (e.role() == role) {
                out.add(e.name());
            }
        }
        return out;
    }

    /** The endpoint by name, or null. */
    Endpoint endpoint(String name) { return byName.get(name.toLowerCase(Locale.ROOT)); }

    /** Whether every endpoint of both sides has an address. */
    boolean complete() {
        boolean blue = false;
        boolean green = false;
        for (Endpoint e : byName.values()) {
            if (e.address() == null) {
                return false;
            }
            blue |= e.role() == BgRole.SOURCE;
            green |= e.role() == BgRole.TARGET;
        }
        return blue && green;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("blue->green {");
        blueToGreen.forEach((k, v) -> b.append(' ').append(k).append("->").append(v));
        return b.append(" }").toString();
    }
}
