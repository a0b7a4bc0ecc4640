package dev.aurorajca.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's first command, {@code ./demo.sh}, exactly as a user would (but never letting
 * it call Maven: this build already made the EAR, the cluster-sim jar and the WildFly it uses),
 * and checks that it reports a recovered application. Its output is kept in
 * {@code target/demo-output.txt}.
 */
class DemoScriptTest {

    private static final long TIMEOUT_MINUTES = 5;

    @Test
    @DisplayName("./demo.sh: the sample application on WildFly rides through a writer failover and exits 0")
    void demoRecoversFromWriterFailover() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("repository.root")).toRealPath();
        Path output = Path.of("target", "demo-output.txt").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("demo.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("DEMO_NO_BUILD", "1");
        pb.environment().put("WILDFLY_HOME", System.getProperty("wildfly.home"));
        Process demo = pb.start();
        if (!demo.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            // TERM lets demo.sh's trap stop WildFly and the cluster.
            demo.destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
            fail("demo.sh did not finish in " + TIMEOUT_MINUTES + " minutes; output in " + output);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, demo.exitValue(), "demo.sh exit code; output:\n" + out);
        assertTrue(out.contains("interceptor check: ok"), "interceptor check line missing:\n" + out);
        assertTrue(out.contains("=== aurora-jca demo report ==="), "report missing:\n" + out);
        assertTrue(out.matches("(?s).*transfer\\s+requests: \\d+ ok.*"), "transfer counts missing:\n" + out);
        assertTrue(out.matches("(?s).*read\\s+served by @@server_id: before failover \\{node.*"), "read instances missing:\n" + out);
        assertTrue(out.contains("consistency: total balance") && out.contains(": ok"), "consistency line missing:\n" + out);
        assertTrue(out.contains("RESULT: RECOVERED"), "not recovered:\n" + out);
        assertTrue(out.contains("stopping WildFly") && out.contains("stopping the cluster"), "cleanup lines missing:\n" + out);
    }
}
