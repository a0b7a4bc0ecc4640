package dev.aurorajca.clustersim;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;

/**
 * The project's test tiers, and a check that every test class carries exactly one of them, so
 * that {@code -Dgroups=unit} really runs every unit test and nothing that needs MariaDB:
 * <ul>
 *   <li>{@code unit}: logic with fakes, in one JVM; no process, no network beyond loopback stubs
 *       in that JVM;</li>
 *   <li>{@code cluster}: needs MariaDB through cluster-sim;</li>
 *   <li>{@code process}: starts other processes (a child JVM) but no MariaDB.</li>
 * </ul>
 */
public final class TestTiers {

    public static final Set<String> TIERS = Set.of("unit", "cluster", "process");

    private TestTiers() { }

    /**
     * Test classes under {@code testClasses} (a module's {@code target/test-classes}) without
     * exactly one tier tag, as "class: tags" lines; empty when every class is tagged. Nested
     * classes inherit their enclosing class's tier, subclasses their superclass's.
     */
    public static List<String> untagged(Path testClasses, ClassLoader loader) throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$"))::iterator) {
                String name = testClasses.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (Modifier.isAbstract(c.getModifiers()) || !hasTests(c)) {
                    continue;
                }
                List<String> tiers = new ArrayList<>();
                for (Tag t : c.getAnnotationsByType(Tag.class)) {
                    if (TIERS.contains(t.value())) {
                        tiers.add(t.value());
                    }
                }
                if (tiers.size() != 1) {
                    bad.add(name + ": " + tiers);
                }
            }
        }
        return bad;
    }

    /**
     * Fails (an {@link AssertionError} listing them) when a test class next to {@code anyTestClass}
     * (the same {@code target/test-classes}) lacks exactly one tier tag. Each module's
     * {@code EveryTestHasATierTest} is this one call.
     */
    public static void assertEveryClassTagged(Class<?> anyTestClass) throws Exception {
        Path classes = Path.of(anyTestClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> bad = untagged(classes, anyTestClass.getClassLoader());
        if (!bad.isEmpty()) {
            throw new AssertionError("add @org.junit.jupiter.api.Tag(\"unit\" | \"cluster\" | \"process\") to these classes: " + bad);
        }
    }

    private static boolean hasTests(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                for (var a : m.getAnnotations()) {
                    String n = a.annotationType().getName();
                    if (n.equals("org.junit.jupiter.api.Test") || n.equals("org.junit.jupiter.params.ParameterizedTest")
                            || n.equals("org.junit.jupiter.api.RepeatedTest") || n.equals("org.junit.jupiter.api.TestFactory")) {
                        return true;
                    }
                }
            }
        }
        for (Class<?> inner : c.getDeclaredClasses()) {
            if (hasTests(inner)) {
                return true;
            }
        }
        return false;
    }
}
