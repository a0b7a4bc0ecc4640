package dev.aurorajca.soak.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything a soak run collected; {@link Report} turns it into summary.json and index.html. */
public final class Run {
    /** A second of one kind of call: successes and their latency percentiles in µs. */
    public record Sec(int sec, String kind, int ok, int p50, int p95, int p99, int max) {
    }

    /** Errors of one kind of call in one second, by key (SQLState or untyped key). */
    public record Err(int sec, String kind, String key, int count) {
    }

    /** A JVM sample: live threads, heap used after a full GC, threads by name group. */
    public record Jvm(int threads, long heapBytes, Map<String, Integer> groups) {
    }

    public final Map<String, Object> meta = new LinkedHashMap<>();
    public final List<Sec> secs = new ArrayList<>();
    public final List<Err> errs = new ArrayList<>();
    public final List<Fault> faults = new ArrayList<>();
    public final List<String> errorSamples = new ArrayList<>();
    /** node id -> {start, max, end} application connections (SHOW PROCESSLIST), -1 when not sampled. */
    public final Map<Integer, int[]> connections = new TreeMap<>();
    public long t0;
    public int durationS;
    public Jvm jvmStart;
    public Jvm jvmEnd;
    public long ackedWrites;
    public long missingWrites;
    public final List<Long> missingSample = new ArrayList<>();
    /** Connections a healthy instance may hold: both pools' maximum plus the monitoring connections. */
    public int connectionBound;

    public void connections(int node, int start, int max, int end) {
        connections.put(node, new int[] {start, max, end});
    }

    public void sampleConnections(int node, int count, boolean first, boolean last) {
        int[] c = connections.computeIfAbsent(node, k -> new int[] {-1, -1, -1});
        if (first) {
            c[0] = count;
        }
        if (last) {
            c[2] = count;
        }
        c[1] = Math.max(c[1], count);
    }
}
