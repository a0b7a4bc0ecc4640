package dev.aurorajca.benchmarks.jmh;

import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.topology.HostSelector;
import dev.aurorajca.driver.topology.HostSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link HostSelector#select} for each reader strategy over 3 reader candidates with weights
 * 1/2/3 ({@code roundRobinHostWeightPairs}), one selector shared by every thread (as one cluster's
 * selector is shared by its connections), with 8 threads ({@code select_8threads}) and 1 thread
 * ({@code select_1thread}). least_connections reads the runtime's per-host counts (set to 5/3/4).
 * On a 2-core machine 8 threads time-share two cores: the figure is per-operation latency under
 * contention for the shared state (round_robin's counter), not 8-way parallel throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class HostSelectorBenchmark {

    @Param({"random", "round_robin", "least_connections", "weighted_random", "highest_weight"})
    public String strategy;

    private DriverRuntime runtime;
    private AuroraSettings settings;
    private final HostSelector selector = new HostSelector();
    private List<HostSpec> candidates;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        runtime = new DriverRuntime("bench-selector");
        settings = AuroraSettings.of("sim.cluster-czsimclusterx.us-east-1.rds.amazonaws.com", 3306, "app", Map.of(
                "user", "app", "password", "x", "plugins", "read_write_splitting", "readerHostSelectorStrategy", strategy,
                "roundRobinHostWeightPairs", "instance-2:1,instance-3:2,instance-4:3"));
        candidates = List.of(
                new HostSpec("instance-2.czsimclusterx.us-east-1.rds.amazonaws.com", 3306, "instance-2", HostSpec.Role.READER),
                new HostSpec("instance-3.czsimclusterx.us-east-1.rds.amazonaws.com", 3306, "instance-3", HostSpec.Role.READER),
                new HostSpec("instance-4.czsimclusterx.us-east-1.rds.amazonaws.com", 3306, "instance-4", HostSpec.Role.READER));
        int[] open = {5, 3, 4};
        for (int i = 0; i < candidates.size(); i++) {
            runtime.openConnections(candidates.get(i).hostPort()).addAndGet(open[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    @Benchmark
    @Threads(8)
    public HostSpec select_8threads() {
        return selector.select(candidates, settings, runtime);
    }

    @Benchmark
    @Threads(1)
    public HostSpec select_1thread() {
        return selector.select(candidates, settings, runtime);
    }
}
