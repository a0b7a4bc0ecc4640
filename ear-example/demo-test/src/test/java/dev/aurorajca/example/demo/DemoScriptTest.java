package dev.aurorajca.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the README's first command, {@code ./demo.sh}, exactly as a user would (but never letting
 * it call Maven: this build already made the EAR, the cluster-sim jar and the servers it uses), on
 * the servers named by {@code -Ddemo.servers} ({@code wildfly}, {@code payara} or both, comma
 * separated), and checks that it reports a recovered application. The default is {@code payara}:
 * the WildFly demo ({@code ./demo.sh} with no option, ~75 s) is what CI's {@code .ci/run} runs
 * itself as an unprivileged user from a fresh clone, so the default build does not run it a
 * second time ({@code -Ddemo.servers=wildfly,payara} runs both). The runs use {@code LC_ALL=C}:
 * the output must be plain ASCII there. Each run's output is kept in
 * {@code target/demo-output-<server>.txt}.
 */
class DemoScriptTest {

    /** Payara's domain creation and start are slow on a loaded 2-core machine; finite all the same. */
    private static final long TIMEOUT_MINUTES = 12;

    /** {@code -Ddemo.servers} value → the name demo.sh prints for it. */
    private static final Map<String, String> SERVERS = Map.of("wildfly", "WildFly", "payara", "Payara");

    static Stream<Arguments> servers() {
        String value = System.getProperty("demo.servers", "payara");
        List<String> servers = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String s : servers) {
            if (!SERVERS.containsKey(s)) {
                throw new IllegalArgumentException("demo.servers=" + value + ": '" + s + "' is not a server; allowed: a comma"
                        + " separated list of wildfly, payara");
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("demo.servers is empty; allowed: a comma separated list of wildfly, payara");
        }
        return servers.stream().map(s -> Arguments.of(s, SERVERS.get(s)));
    }

    @ParameterizedTest(name = "./demo.sh --server {0}")
    @MethodSource("servers")
    @DisplayName("./demo.sh: the sample application rides through a writer failover and exits 0")
    void demoRecoversFromWriterFailover(String server, String serverName) throws IOException, InterruptedException {
        Path output = Path.of("target", "demo-output-" + server + ".txt").toAbsolutePath();
        Process demo = demo(output, "--server", server);
        if (!demo.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            // TERM lets demo.sh's trap stop the server and the cluster.
            demo.destroy();
            demo.waitFor(3, TimeUnit.MINUTES);
            fail("demo.sh --server " + server + " did not finish in " + TIMEOUT_MINUTES + " minutes; output in " + output);
        }
        byte[] bytes = Files.readAllBytes(output);
        String out = new String(bytes, StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, demo.exitValue(), "demo.sh exit code; output:\n" + out);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                fail("byte " + i + " of the output is not ASCII (LC_ALL=C):\n" + out);
            }
        }
        assertTrue(out.contains("starting " + serverName + " "), "'starting " + serverName + "' line missing:\n" + out);
        assertTrue(out.contains("interceptor check: ok"), "interceptor check line missing:\n" + out);
        assertTrue(out.contains("=== aurora-jca demo report ==="), "report missing:\n" + out);
        assertTrue(out.matches("(?s).*transfer\\s+requests: \\d+ ok.*"), "transfer counts missing:\n" + out);
        assertTrue(out.matches("(?s).*read\\s+served by @@server_id: before failover \\{node.*"), "read instances missing:\n" + out);
        assertTrue(out.contains("consistency: total balance") && out.contains(": ok"), "consistency line missing:\n" + out);
        assertTrue(out.contains("RESULT: RECOVERED - "), "not recovered:\n" + out);
        assertTrue(out.contains("stopping " + serverName) && out.contains("stopping the cluster"), "cleanup lines missing:\n" + out);
    }

    @Test
    @DisplayName("./demo.sh refuses an unknown option or server with the usage and exit code 2, before starting anything")
    void badCommandLineExitsTwo() throws IOException, InterruptedException {
        for (List<String> args : List.of(List.of("--anything"), List.of("--server", "glassfish"), List.of("--server"))) {
            Path output = Path.of("target", "demo-usage.txt").toAbsolutePath();
            Process demo = demo(output, args.toArray(String[]::new));
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo.sh " + args + " did not exit at once");
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(2, demo.exitValue(), "exit code of demo.sh " + args + "; output:\n" + out);
            assertTrue(out.contains("Usage: ./demo.sh [--server wildfly|payara] [--help]"), "usage missing:\n" + out);
            assertTrue(!out.contains("[demo "), "demo.sh " + args + " started something:\n" + out);
        }
        Path output = Path.of("target", "demo-help.txt").toAbsolutePath();
        Process help = demo(output, "--help");
        assertTrue(help.waitFor(60, TimeUnit.SECONDS), "demo.sh --help did not exit at once");
        assertEquals(0, help.exitValue(), "exit code of demo.sh --help");
        assertTrue(Files.readString(output, StandardCharsets.UTF_8).contains("--server payara"), "help does not list --server payara");
    }

    private static Process demo(Path output, String... args) throws IOException {
        Path root = Path.of(System.getProperty("repository.root")).toRealPath();
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("demo.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("DEMO_NO_BUILD", "1");
        pb.environment().put("WILDFLY_HOME", System.getProperty("wildfly.home"));
        pb.environment().put("PAYARA_HOME", System.getProperty("payara.home"));
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        return pb.start();
    }
}
