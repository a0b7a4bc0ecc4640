package dev.aurorajca.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The driver's packages form a layered graph: runs the JDK's {@code jdeps -verbose:package}
 * over the compiled driver classes and fails on any cycle among {@code dev.aurorajca.driver}
 * and its sub-packages, naming the packages of the cycle. A plugin that needs something from a
 * package above it must get it through the SPI in {@code plugin} instead.
 */
@Tag("unit")
@DisplayName("package graph of the driver")
class PackageCycleTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.aurorajca\\.driver[\\w.]*)\\s+->\\s+(dev\\.aurorajca\\.driver[\\w.]*)\\s");

    private static Map<String, Set<String>> graph;

    /** The package graph of the driver's classes, from jdeps (run once): package -> packages it uses. */
    static synchronized Map<String, Set<String>> packageGraph() throws Exception {
        if (graph == null) {
            graph = runJdeps();
        }
        return graph;
    }

    private static Map<String, Set<String>> runJdeps() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
                "this test needs the JDK's jdeps tool (run the build on a full JDK 17, not a JRE)"));
        Path classes = Path.of(DriverRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** One cycle of {@code graph} (first package repeated at the end), or an empty list. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        List<String> path = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> c = visit(start, graph, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            cycle.add(p);
            return cycle;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : graph.getOrDefault(p, Set.of())) {
            List<String> c = visit(q, graph, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return List.of();
    }

    @Test
    @DisplayName("no package of dev.aurorajca.driver depends, directly or not, on itself")
    void noCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.size() >= 10, "jdeps saw the driver's packages: " + graph.keySet());
        List<String> cycle = findCycle(graph);
        assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle) + "\nfull graph: " + graph);
    }

    @Test
    @DisplayName("the cycle check finds a cycle when there is one")
    void detectorFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertEquals(List.of("a", "b", "c", "a"), findCycle(g));
        assertEquals(List.of(), findCycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of()))));
    }

    @Test
    @DisplayName("plugins depend on the plugin SPI, never on the API package or the registry")
    void pluginsSeeOnlyTheSpi() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        for (String p : List.of("failover", "readwrite", "monitoring", "iam", "secrets", "custom", "cluster")) {
            Set<String> uses = graph.getOrDefault("dev.aurorajca.driver." + p, Set.of());
            assertTrue(uses.contains("dev.aurorajca.driver.plugin"), p + " uses the plugin SPI: " + uses);
            assertTrue(!uses.contains("dev.aurorajca.driver") && !uses.contains("dev.aurorajca.driver.registry"),
                    p + " must not use the API package or the registry: " + uses);
        }
    }
}
