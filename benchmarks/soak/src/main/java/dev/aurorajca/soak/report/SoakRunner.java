package dev.aurorajca.soak.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a soak against a server that already has the adapter configured and the soak WAR deployed
 * (./soak.sh does that): warm-up, baseline samples, the workload with the fault schedule on
 * cluster-sim, a progress line every 10 s, then verification and summary.json + index.html.
 * Exit code 0 if every check passed, 1 if not.
 *
 * <pre>
 * java -cp cluster-sim.jar:benchmarks/soak/target/classes dev.aurorajca.soak.report.SoakRunner \
 *   --base http://127.0.0.1:8280/soak/api --sim-jar cluster-sim.jar --cluster-dir DIR --minutes 5 \
 *   --out DIR --server "WildFly 39.0.1.Final" --writer-jndi java:/aurora/writer --reader-jndi java:/aurora/reader
 * </pre>
 * cluster-sim.jar is on the class path for mysql-connector-j (SHOW PROCESSLIST and the final check
 * of every acknowledged write go straight to the instances, not through the adapter).
 */
public final class SoakRunner {
    private final Map<String, String> a;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Run run = new Run();
    private final Map<String, Long> opsTotal = new TreeMap<>();
    private final Map<String, Long> errTotal = new TreeMap<>();
    private long acked;
    private String user;
    private String password;
    private String database;

    private SoakRunner(Map<String, String> a) {
        this.a = a;
        this.base = a.get("base");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String k : List.of("base", "sim-jar", "cluster-dir", "minutes", "out", "server", "writer-jndi", "reader-jndi")) {
            if (!a.containsKey(k)) {
                System.err.println("SoakRunner: missing --" + k);
                System.exit(2);
            }
        }
        System.exit(new SoakRunner(a).soak() ? 0 : 1);
    }

    private static void log(String s) {
        System.out.println("[soak " + Instant.now().toString().substring(11, 19) + "] " + s);
        System.out.flush();
    }

    // ---- the cluster ---------------------------------------------------------------------------

    record Node(int id, String role, boolean running, int serverPort) {
    }

    private String sim(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("java", "-jar", a.get("sim-jar")));
        c.addAll(List.of(cmd));
        c.addAll(List.of("--dir", a.get("cluster-dir")));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("cluster-sim " + String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    static List<Node> nodes(String status) {
        List<Node> out = new ArrayList<>();
        int i = status.indexOf("\"nodes\":[");
        if (i < 0) {
            return out;
        }
        int depth = 0;
        int start = -1;
        for (int j = i + 9; j < status.length(); j++) {
            char ch = status.charAt(j);
            if (ch == '{') {
                if (depth++ == 0) {
                    start = j;
                }
            } else if (ch == '}') {
                if (--depth == 0) {
                    String o = status.substring(start, j + 1);
                    out.add(new Node(Integer.parseInt(field(o, "id")), field(o, "role"), "true".equals(field(o, "running")),
                            Integer.parseInt(field(o, "serverPort"))));
                }
            } else if (ch == ']' && depth == 0) {
                break;
            }
        }
        return out;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|[^,}\\]]+)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1).trim();
    }

    private List<Node> status() throws Exception {
        String s = sim("status");
        if (user == null) {
            user = field(s, "user");
            password = field(s, "password");
            database = field(s, "database");
        }
        return nodes(s);
    }

    private int writer(List<Node> ns) {
        return ns.stream().filter(n -> n.running() && n.role().equals("writer")).findFirst().orElseThrow().id();
    }

    private int reader(List<Node> ns, int turn) {
        List<Node> r = ns.stream().filter(n -> n.running() && !n.role().equals("writer")).toList();
        return r.get(Math.floorMod(turn, r.size())).id();
    }

    private Connection direct(int serverPort) throws Exception {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + serverPort + "/" + database
                + "?connectTimeout=2000&socketTimeout=5000&useSSL=false&allowPublicKeyRetrieval=true", user, password);
    }

    /** Application connections on every running instance (SHOW PROCESSLIST, the application user, this one left out). */
    private void sampleConnections(boolean first, boolean last) {
        try {
            for (Node n : status()) {
                if (!n.running()) {
                    continue;
                }
                try (Connection c = direct(n.serverPort()); Statement s = c.createStatement()) {
                    long self;
                    try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                        rs.next();
                        self = rs.getLong(1);
                    }
                    int count = 0;
                    try (ResultSet rs = s.executeQuery("SHOW PROCESSLIST")) {
                        while (rs.next()) {
                            if (user.equals(rs.getString("User")) && rs.getLong("Id") != self) {
                                count++;
                            }
                        }
                    }
                    run.sampleConnections(n.id(), count, first, last);
                } catch (Exception e) {
                    // an instance hung or black-holed at this moment: no sample
                }
            }
        } catch (Exception e) {
            log("connection sample failed: " + e);
        }
    }

    // ---- the server ----------------------------------------------------------------------------

    private String get(String op, long timeoutS) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + op)).timeout(Duration.ofSeconds(timeoutS)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + op + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private Run.Jvm jvm() throws Exception {
        int threads = 0;
        long heap = 0;
        Map<String, Integer> groups = new TreeMap<>();
        for (String line : get("jvm", 120).split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "threads" -> threads = Integer.parseInt(f[1].trim());
                case "heap" -> heap = Long.parseLong(f[1].trim());
                case "group" -> groups.put(f[1], Integer.parseInt(f[2].trim()));
                default -> { }
            }
        }
        return new Run.Jvm(threads, heap, groups);
    }

    private String startParams() {
        return "start?writer=" + a.get("writer-jndi") + "&reader=" + a.get("reader-jndi")
                + "&writers=" + a.getOrDefault("writers", "4") + "&readers=" + a.getOrDefault("readers", "3") + "&longs=2";
    }

    private void pollStats(boolean all) throws Exception {
        for (String line : get("stats" + (all ? "?all=true" : ""), 60).split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "S" -> {
                    Run.Sec s = new Run.Sec(Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                            Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7].trim()));
                    run.secs.add(s);
                    opsTotal.merge(s.kind(), (long) s.ok(), Long::sum);
                }
                case "E" -> {
                    Run.Err e = new Run.Err(Integer.parseInt(f[1]), f[2], f[3], Integer.parseInt(f[4].trim()));
                    run.errs.add(e);
                    errTotal.merge(e.key(), (long) e.count(), Long::sum);
                }
                case "A" -> acked = Long.parseLong(f[1].trim());
                default -> { }
            }
        }
    }

    // ---- the run -------------------------------------------------------------------------------

    private final class Action {
        final long dueMs;
        final String kind;
        final boolean heal;
        final int node;
        final int faultIndex;

        Action(long dueMs, String kind, boolean heal, int node, int faultIndex) {
            this.dueMs = dueMs;
            this.kind = kind;
            this.heal = heal;
            this.node = node;
            this.faultIndex = faultIndex;
        }
    }

    private final List<Action> pending = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private int downNode = -1;
    private int readerTurn;

    private static long parseCrash(String json) {
        return Instant.parse(field(json, "crashedAt")).toEpochMilli();
    }

    /** Injects one fault now; a fault that lasts gets its heal queued. */
    private void inject(String kind, long t0) throws Exception {
        List<Node> ns = status();
        int w = writer(ns);
        long at;
        int node;
        long duration = 0;
        String detail;
        switch (kind) {
            case "writer-crash", "late-promotion" -> {
                long delay = kind.equals("late-promotion") ? 3000 : 0;
                String out = delay > 0 ? sim("failover", "--delay-ms", String.valueOf(delay)) : sim("failover");
                at = parseCrash(out);
                node = w;
                duration = delay;
                downNode = w;
                detail = "writer " + field(out, "oldWriterId") + " -> " + field(out, "newWriterId") + ", sim downtime "
                        + field(out, "writerDowntimeMs") + " ms";
            }
            case "node-restart" -> {
                if (downNode < 0) {
                    // nothing down: restart a reader (kill + restart at once)
                    node = reader(ns, readerTurn++);
                    sim("kill", String.valueOf(node));
                } else {
                    node = downNode;
                }
                sim("restart", String.valueOf(node));
                at = System.currentTimeMillis();
                downNode = -1;
                detail = "node " + node + " back as a replica";
            }
            case "reader-loss" -> {
                node = reader(ns, readerTurn++);
                sim("kill", String.valueOf(node));
                at = System.currentTimeMillis();
                duration = 15_000;
                detail = "reader " + node + " killed, restarted after 15 s";
            }
            case "latency-spike" -> {
                node = w;
                sim("latency", String.valueOf(node), "150");
                at = System.currentTimeMillis();
                duration = 5_000;
                detail = "+150 ms per packet on the writer's proxy for 5 s";
            }
            case "writer-hang" -> {
                node = w;
                sim("hang", String.valueOf(node));
                at = System.currentTimeMillis();
                duration = 4_000;
                detail = "SIGSTOP of the writer for 4 s, then SIGCONT";
            }
            case "black-hole" -> {
                node = w;
                sim("blackhole", String.valueOf(node));
                at = System.currentTimeMillis();
                duration = 4_000;
                detail = "the writer's proxy drops every byte for 4 s";
            }
            default -> throw new IllegalArgumentException(kind);
        }
        int idx = faults.size();
        faults.add(new Fault(kind, at, node, duration, detail, -1, null));
        if (!kind.equals("writer-crash") && !kind.equals("late-promotion") && duration > 0) {
            pending.add(new Action(at + duration, kind, true, node, idx));
        }
        log(String.format(Locale.ROOT, "fault %d at %.1f s: %s (%s)", idx + 1, (at - t0) / 1000.0, kind, detail));
    }

    private void heal(Action h) throws Exception {
        long before = System.currentTimeMillis();
        switch (h.kind) {
            case "reader-loss" -> sim("restart", String.valueOf(h.node));
            case "writer-hang" -> sim("resume", String.valueOf(h.node));
            default -> sim("heal", String.valueOf(h.node));
        }
        // a fault lasts until its heal was applied (the sim command returns when it is)
        Fault f = faults.get(h.faultIndex);
        long lasted = System.currentTimeMillis() - f.atMs();
        faults.set(h.faultIndex, new Fault(f.kind(), f.atMs(), f.node(), lasted, f.detail(), -1, null));
        if (System.currentTimeMillis() - before > 10_000) {
            log("heal of " + h.kind + " took " + (System.currentTimeMillis() - before) + " ms");
        }
    }

    private void healAll() {
        try {
            for (Node n : status()) {
                if (!n.running()) {
                    sim("restart", String.valueOf(n.id()));
                } else {
                    sim("resume", String.valueOf(n.id()));
                    sim("heal", String.valueOf(n.id()));
                }
            }
        } catch (Exception e) {
            log("heal all: " + e);
        }
    }

    private String progress(long t0, int minutes) {
        long el = (System.currentTimeMillis() - t0) / 1000;
        StringBuilder e = new StringBuilder();
        long untyped = 0;
        for (Map.Entry<String, Long> x : errTotal.entrySet()) {
            if (dev.aurorajca.soak.server.Classify.typed(x.getKey())) {
                e.append(x.getKey()).append('=').append(x.getValue()).append(' ');
            } else {
                untyped += x.getValue();
            }
        }
        return String.format(Locale.ROOT, "%dm%02ds / %dm: faults %d, writes acked %d, reads %d, long %d; errors %suntyped=%d",
                el / 60, el % 60, minutes, faults.size(), acked, opsTotal.getOrDefault("read", 0L), opsTotal.getOrDefault("long", 0L),
                e, untyped);
    }

    private boolean soak() throws Exception {
        int minutes = Integer.parseInt(a.get("minutes"));
        Path out = Path.of(a.get("out"));
        Files.createDirectories(out);
        String startedAt = Instant.now().toString();
        List<Node> ns = status();
        int poolMax = Integer.parseInt(a.getOrDefault("pool-max", "20"));
        // both pools may sit on one instance (a reader promoted with the reader pool's connections
        // still on it) + per adapter runtime one host monitor and one topology connection
        run.connectionBound = 2 * poolMax + 2 * 2;

        log("warm-up: 20 s of the workload (pools filled, code compiled), then the baseline samples");
        get("reset", 180);
        get(startParams(), 60);
        long warm = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < warm) {
            Thread.sleep(1000);
        }
        get("stop", 180);
        get("reset", 180);
        run.jvmStart = jvm();
        sampleConnections(true, false);
        log("baseline: " + run.jvmStart.threads() + " threads, heap after GC " + Report.mb(run.jvmStart.heapBytes()) + " MB, connections "
                + connectionsText());

        long t0 = Long.parseLong(get(startParams(), 60).trim());
        run.t0 = t0;
        List<Schedule.Planned> plan = Schedule.plan(minutes, a.getOrDefault("faults", "all"));
        log("workload running; " + plan.size() + " faults planned, one every " + Schedule.SPACING_S + " s from " + Schedule.FIRST_S + " s");
        long end = t0 + minutes * 60_000L;
        int next = 0;
        long nextPoll = t0 + 10_000;
        long nextConn = t0 + 15_000;
        try {
            while (System.currentTimeMillis() < end || !pending.isEmpty()) {
                long now = System.currentTimeMillis();
                pending.sort((x, y) -> Long.compare(x.dueMs, y.dueMs));
                if (!pending.isEmpty() && pending.get(0).dueMs <= now) {
                    heal(pending.remove(0));
                    continue;
                }
                if (next < plan.size() && t0 + plan.get(next).atS() * 1000L <= now) {
                    inject(plan.get(next++).kind(), t0);
                    continue;
                }
                if (now >= nextPoll) {
                    pollStats(false);
                    log(progress(t0, minutes));
                    nextPoll = Math.max(nextPoll + 10_000, System.currentTimeMillis() + 5_000);
                    continue;
                }
                if (now >= nextConn) {
                    sampleConnections(false, false);
                    nextConn = Math.max(nextConn + 15_000, System.currentTimeMillis() + 5_000);
                    continue;
                }
                Thread.sleep(100);
            }
        } finally {
            healAll();
        }
        log("stopping the workload");
        String stuck = get("stop", 180).trim();
        run.durationS = (int) ((System.currentTimeMillis() - t0) / 1000);
        pollStats(true);
        log(progress(t0, minutes));
        // errors: totals are in the per-second rows already; the samples for the report
        for (String line : get("errors", 60).split("\n")) {
            if (line.startsWith("X\t")) {
                run.errorSamples.add(line.substring(2));
            }
        }
        StringBuilder ats = new StringBuilder();
        for (Fault f : faults) {
            ats.append(ats.length() == 0 ? "" : ",").append(f.atMs() - t0);
        }
        if (!faults.isEmpty()) {
            String[] lines = get("pauses?at=" + ats, 60).split("\n");
            for (int i = 0; i < faults.size(); i++) {
                String[] f = lines[i].split("\t");
                faults.set(i, faults.get(i).withPause(Long.parseLong(f[1]), f[2].trim()));
            }
        }
        run.faults.addAll(faults);
        verifyWrites();
        get("reset", 180);
        run.jvmEnd = jvm();
        sampleConnections(false, true);
        ns = status();
        run.meta.put("startedAt", startedAt);
        run.meta.put("server", a.get("server"));
        run.meta.put("minutes", minutes);
        run.meta.put("workload", "in the server (soak WAR): " + a.getOrDefault("writers", "4") + " threads of JTA transactions of 3 INSERTs ("
                + a.get("writer-jndi") + "), " + a.getOrDefault("readers", "3") + " threads of SELECT by key (" + a.get("reader-jndi") + "), 2 threads of SELECT SLEEP(2) + COUNT(*) (one per factory); no retries");
        run.meta.put("datasource", a.getOrDefault("datasource", "adapter"));
        run.meta.put("faultSchedule", a.getOrDefault("faults", "all"));
        run.meta.put("adapter", a.getOrDefault("settings", ""));
        run.meta.put("machine", a.getOrDefault("machine", ""));
        run.meta.put("workersNotStopped", Integer.parseInt(stuck));
        run.meta.put("nodesAtEnd", ns.toString());
        Map<String, Object> summary = Report.summary(run);
        Files.writeString(out.resolve("summary.json"), Json.write(summary));
        Files.writeString(out.resolve("index.html"), Report.html(run, summary));
        // the timeline alone, for pages that show it as an image (README.md)
        Files.writeString(out.resolve("timeline.svg"), Report.svg(run));
        log("summary: " + out.resolve("summary.json") + "  report: " + out.resolve("index.html"));
        log("checks: " + summary.get("checks"));
        return Boolean.TRUE.equals(summary.get("passed"));
    }

    private String connectionsText() {
        StringBuilder b = new StringBuilder();
        run.connections.forEach((k, v) -> b.append("node ").append(k).append('=').append(v[0]).append(' '));
        return b.toString().trim();
    }

    /** Every acknowledged id must be a row on the current writer (read directly, not through the adapter). */
    private void verifyWrites() throws Exception {
        BitSet ackedIds = BitSet.valueOf(Base64.getDecoder().decode(get("acked", 120).trim()));
        run.ackedWrites = ackedIds.cardinality();
        List<Node> ns = status();
        Node w = ns.stream().filter(n -> n.running() && n.role().equals("writer")).findFirst().orElseThrow();
        BitSet present = new BitSet();
        try (Connection c = direct(w.serverPort()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM soak_write")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (id < Integer.MAX_VALUE) {
                    present.set((int) id);
                }
            }
        }
        BitSet missing = (BitSet) ackedIds.clone();
        missing.andNot(present);
        run.missingWrites = missing.cardinality();
        for (int i = missing.nextSetBit(0); i >= 0 && run.missingSample.size() < 20; i = missing.nextSetBit(i + 1)) {
            run.missingSample.add((long) i);
        }
        log("verified on the writer (node " + w.id() + "): " + run.ackedWrites + " acknowledged writes, " + run.missingWrites + " missing");
    }
}
