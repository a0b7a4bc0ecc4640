package dev.aurorajca.driver.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("reader selection strategies")
class HostSelectorTest {

    private static final HostSpec A = new HostSpec("instance-a.x", 3306, "a", HostSpec.Role.READER);
    private static final HostSpec B = new HostSpec("instance-b.x", 3306, "b", HostSpec.Role.READER);
    private static final HostSpec C = new HostSpec("instance-c.x", 3306, "c", HostSpec.Role.READER);
    private final DriverRuntime runtime = new DriverRuntime("sel");

    @AfterEach
    void close() {
        runtime.close();
    }

    private static AuroraSettings settings(String... kv) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return AuroraSettings.of("h", 3306, "db", m);
    }

    private List<String> pick(HostSelector s, AuroraSettings settings, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.select(List.of(A, B, C), settings, runtime).instanceId());
        }
        return out;
    }

    @Test
    @DisplayName("round_robin cycles exactly")
    void roundRobinCycles() throws Exception {
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), pick(new HostSelector(), settings("readerHostSelectorStrategy", "roundRobin"), 6));
    }

    @Test
    @DisplayName("round_robin honours weights by instance id; unlisted hosts get the default weight")
    void roundRobinWeights() throws Exception {
        AuroraSettings s = settings("readerHostSelectorStrategy", "round_robin", "roundRobinHostWeightPairs", "a:3,c:2", "roundRobinDefaultWeight", "1");
        assertEquals(List.of("a", "a", "a", "b", "c", "c", "a", "a", "a", "b", "c", "c"), pick(new HostSelector(), s, 12));
    }

    @Test
    @DisplayName("highest_weight always picks the heaviest")
    void highestWeight() throws Exception {
        AuroraSettings s = settings("readerHostSelectorStrategy", "highest_weight", "roundRobinHostWeightPairs", "b:5");
        assertTrue(pick(new HostSelector(), s, 20).stream().allMatch("b"::equals));
    }

    @Test
    @DisplayName("weighted_random follows the weights within a tolerance (6000 picks, 4:1:1)")
    void weightedRandom() throws Exception {
        AuroraSettings s = settings("readerHostSelectorStrategy", "weighted_random", "roundRobinHostWeightPairs", "a:4,b:1,c:1");
        List<String> picks = pick(new HostSelector(), s, 6000);
        long a = picks.stream().filter("a"::equals).count();
        assertTrue(a > 3700 && a < 4300, "a picked " + a + " of 6000; expected ~4000");
    }

    @Test
    @DisplayName("least_connections picks the instance with the fewest open connections in the runtime")
    void leastConnections() throws Exception {
        AuroraSettings s = settings("readerHostSelectorStrategy", "least_connections");
        runtime.openConnections(A.hostPort()).set(3);
        runtime.openConnections(B.hostPort()).set(1);
        runtime.openConnections(C.hostPort()).set(2);
        assertEquals("b", new HostSelector().select(List.of(A, B, C), s, runtime).instanceId());
    }
}
