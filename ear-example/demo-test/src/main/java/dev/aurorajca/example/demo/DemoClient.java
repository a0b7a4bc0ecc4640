package dev.aurorajca.example.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's traffic: drives the sample application over HTTP, fails the cluster's writer over
 * half-way (by running the command it is given), and prints a report. Exit code 0 only if the
 * application recovered: after the failover every request succeeds again, writes land on the
 * new writer, and no money was created or lost.
 *
 * <p>Only JDK classes, one file: {@code demo.sh} runs it with the source launcher
 * ({@code java DemoClient.java ...}); Maven compiles it so it cannot rot. Everything it prints is
 * ASCII (server text included), so the report reads the same under {@code LANG=C} as under UTF-8.
 *
 * <p>Arguments: {@code --base URL} (.../bank/api), {@code --failover "command"},
 * {@code --writers N} {@code --readers N} (threads), {@code --before S} {@code --after S} (seconds
 * of traffic around the failover), {@code --accounts N}, and optionally {@code --sim "command"}: a
 * cluster-sim command line with {@code {}} where the sub-command goes; with it the client also runs
 * the idle check after the traffic (see {@link #idleFailover}).
 */
public final class DemoClient {

    private static final Pattern SERVER_ID = Pattern.compile("\"serverId\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final BigDecimal INITIAL_BALANCE = new BigDecimal("1000.00");

    /** Requests that begin this long after the failover command returned must all succeed. */
    private static final long SETTLE_MS = 3_000;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final long t0 = System.nanoTime();

    private DemoClient(String base) {
        this.base = base;
    }

    /** One request as the client saw it; times in ms since the client started. */
    record Call(String kind, long startMs, long endMs, int status, String retried, Integer serverId, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        long durationMs() {
            return endMs - startMs;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        DemoClient c = new DemoClient(a.getOrDefault("base", "http://127.0.0.1:8280/bank/api"));
        int code = c.run(a.get("failover"), a.get("sim"),
                Integer.parseInt(a.getOrDefault("writers", "6")),
                Integer.parseInt(a.getOrDefault("readers", "4")),
                Long.parseLong(a.getOrDefault("before", "6")),
                Long.parseLong(a.getOrDefault("after", "14")),
                Integer.parseInt(a.getOrDefault("accounts", "10")));
        System.exit(code);
    }

    private int run(String failoverCommand, String sim, int writers, int readers, long beforeS, long afterS, int accounts)
            throws Exception {
        List<String> problems = new ArrayList<>();

        // 1. The interceptor wraps the transaction (a retry runs in a new one) and follows the contract.
        checkRetry("08S02", false, 2, true, problems);
        checkRetry("08007", false, 1, false, problems);
        checkRetry("08007", true, 2, true, problems);
        checkRetry("08001", true, 1, false, problems);
        say("interceptor check: " + (problems.isEmpty() ? "ok" : String.join("; ", problems))
                + " (08S02 retried in a new transaction; 08007 retried only when idempotent; 08001 never)");

        String statsBefore = get("/stats").body();
        String before = get("/cluster").body();
        say("cluster before: " + before);
        int oldWriter = writerServerId(before);

        // 2. Accounts, opened on the writer.
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            HttpResponse<String> r = post("/accounts", "{\"owner\":\"customer-" + i + "\",\"balance\":" + INITIAL_BALANCE + "}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("opening an account failed: " + r.statusCode() + " " + r.body());
            }
            Matcher m = ID.matcher(r.body());
            m.find();
            ids.add(Long.parseLong(m.group(1)));
        }
        BigDecimal expectedTotal = totals().balance;
        say("opened " + accounts + " accounts; total balance " + expectedTotal);

        // 3. Traffic, with the failover in the middle.
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        long stopAt = now() + (beforeS + afterS) * 1000 + 60_000; // moved once the failover returns
        long[] stop = {stopAt};
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        for (int i = 0; i < writers; i++) {
            pool.submit(() -> loop(stop, calls, () -> transfer(ids)));
        }
        for (int i = 0; i < readers; i++) {
            pool.submit(() -> loop(stop, calls, () -> read(ids)));
        }
        Thread.sleep(beforeS * 1000);
        long failoverStart = now();
        String failover = runCommand(failoverCommand);
        long failoverEnd = now();
        say("failover (" + (failoverEnd - failoverStart) + " ms): " + failover);
        int newWriter = intField(failover, "newWriterId");
        synchronized (stop) {
            stop[0] = failoverEnd + afterS * 1000;
        }
        pool.shutdown();
        if (!pool.awaitTermination(afterS + 60, TimeUnit.SECONDS)) {
            problems.add("traffic threads did not finish");
            pool.shutdownNow();
        }

        // 4. What the application looks like now.
        String after = get("/cluster").body();
        say("cluster after:  " + after);
        String stats = retriesDuringTraffic(statsBefore, get("/stats").body());

        // 5. Optionally: a second failover while the pools sit idle.
        List<Call> idle = sim == null ? List.of() : idleFailover(sim, ids, oldWriter);
        Totals t = totals();

        return report(new ArrayList<>(calls), idle, oldWriter, newWriter, failoverStart, failoverEnd, expectedTotal, t,
                after, stats, problems);
    }

    /** Requests of the idle check: per factory, {@value #IDLE_ROUNDS} rounds of {@value #IDLE_BURST} at once. */
    private static final int IDLE_BURST = 10;
    private static final int IDLE_ROUNDS = 3;
    /** The idle check's requests that filled the pools (counted in the consistency check only). */
    private final List<Call> warmUp = new ArrayList<>();

    /**
     * The idle check: pooled connections that sat idle through a writer failover must be handed out
     * without an error. The crashed writer comes back as a replica; {@value #IDLE_BURST} transfers
     * (writer factory) and {@value #IDLE_BURST} reads (reader factory) at once fill both pools; with
     * nothing running, the writer fails over again; then {@value #IDLE_ROUNDS} rounds of
     * {@value #IDLE_BURST} transfers and {@value #IDLE_BURST} reads at once. Returns those last
     * requests; the report lists failed and retried ones, and a failed one fails the demo.
     */
    private List<Call> idleFailover(String sim, List<Long> ids, int crashedWriter) throws Exception {
        runCommand(sim.replace("{}", "restart " + crashedWriter));
        warmUp.addAll(burst(ids, IDLE_BURST));
        String failover = runCommand(sim.replace("{}", "failover"));
        say("idle failover (pools idle, nothing running): " + failover);
        List<Call> after = new ArrayList<>();
        for (int round = 0; round < IDLE_ROUNDS; round++) {
            after.addAll(burst(ids, IDLE_BURST));
        }
        return after;
    }

    /** {@code n} transfers and {@code n} reads, all at once; returns when all answered. */
    private List<Call> burst(List<Long> ids, int n) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2 * n);
        List<java.util.concurrent.Future<Call>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> transfer(ids)));
                futures.add(pool.submit(() -> read(ids)));
            }
            List<Call> out = new ArrayList<>();
            for (java.util.concurrent.Future<Call> f : futures) {
                try {
                    out.add(f.get(90, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    out.add(new Call("transfer", now(), now(), 0, null, null, e.toString()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private int report(List<Call> calls, List<Call> idle, int oldWriter, int newWriter, long failoverStart, long failoverEnd,
                       BigDecimal expectedTotal, Totals totals, String clusterAfter, String stats, List<String> problems) {
        calls.sort((x, y) -> Long.compare(x.startMs, y.startMs));
        System.out.println();
        System.out.println("=== aurora-jca demo report ===");
        System.out.printf("failover: writer %d -> %d, cluster-sim call took %d ms (t=%.1fs)%n",
                oldWriter, newWriter, failoverEnd - failoverStart, failoverStart / 1000.0);
        for (String kind : List.of("transfer", "read")) {
            List<Call> k = calls.stream().filter(c -> c.kind.equals(kind)).toList();
            long ok = k.stream().filter(Call::ok).count();
            long retried = k.stream().filter(c -> c.ok() && c.retried != null).count();
            long failed = k.size() - ok;
            long longest = k.stream().mapToLong(Call::durationMs).max().orElse(0);
            Gap gap = longestGap(k, failoverStart);
            System.out.printf("%-9s requests: %d ok (%d of them retried by @RetryOnFailover), %d failed; "
                            + "slowest request %d ms%n", kind, ok, retried, failed, longest);
            System.out.printf("%-9s longest pause (no request completed OK): %d ms, t=%.2fs..%.2fs%n",
                    kind, gap.ms(), gap.fromMs / 1000.0, gap.toMs / 1000.0);
            System.out.printf("%-9s served by @@server_id: before failover %s, after %s%n", kind,
                    servedBy(k, c -> c.startMs < failoverStart), servedBy(k, c -> c.startMs >= failoverEnd));
            Map<String, Long> errors = new TreeMap<>();
            k.stream().filter(c -> !c.ok()).forEach(c -> errors.merge(c.status + " " + c.error, 1L, Long::sum));
            errors.forEach((e, n) -> System.out.printf("%-9s   failed %dx: %s%n", kind, n, ascii(e)));
            if (ok == 0) {
                problems.add("no " + kind + " succeeded");
            }
        }
        System.out.println("server side, @RetryOnFailover during the traffic: " + stats);

        // Recovered? Everything that began after the cluster settled worked, on the new writer.
        long settled = failoverEnd + SETTLE_MS;
        List<Call> late = calls.stream().filter(c -> c.startMs >= settled).toList();
        long lateFailed = late.stream().filter(c -> !c.ok()).count();
        if (late.stream().noneMatch(c -> c.kind.equals("transfer") && c.ok())) {
            problems.add("no transfer succeeded after the failover");
        }
        if (lateFailed > 0) {
            problems.add(lateFailed + " requests that began " + SETTLE_MS + " ms after the failover failed");
        }
        if (late.stream().anyMatch(c -> c.kind.equals("transfer") && c.ok() && c.serverId != null && c.serverId != newWriter)) {
            problems.add("a transfer after the failover ran on an instance other than the new writer " + newWriter);
        }
        if (writerServerId(clusterAfter) != newWriter) {
            problems.add("/cluster does not show the new writer " + newWriter + ": " + clusterAfter);
        }
        if (!idle.isEmpty()) {
            for (String kind : List.of("transfer", "read")) {
                List<Call> k = idle.stream().filter(c -> c.kind.equals(kind)).toList();
                long failed = k.stream().filter(c -> !c.ok()).count();
                long retried = k.stream().filter(c -> c.ok() && c.retried != null).count();
                System.out.printf("idle failover, %s (%s factory): %d requests after it, %d failed, %d retried by @RetryOnFailover%n",
                        kind, kind.equals("transfer") ? "writer" : "reader", k.size(), failed, retried);
                Map<String, Long> errors = new TreeMap<>();
                k.stream().filter(c -> !c.ok() || c.retried != null)
                        .forEach(c -> errors.merge(c.ok() ? "retried after " + c.retried : c.status + " " + c.error, 1L, Long::sum));
                errors.forEach((e, n) -> System.out.printf("idle failover, %s:   %dx %s%n", kind, n, ascii(e)));
                // The application must recover (no failed request); a retried one is an error the pool
                // handed out and @RetryOnFailover absorbed: reported above, not a failure of the demo.
                if (failed > 0) {
                    problems.add(failed + " " + kind + " requests failed after the writer failed over while the pools sat idle");
                }
            }
        }
        // Money moves, never appears or vanishes; each acknowledged transfer happened exactly once.
        List<Call> all = new ArrayList<>(calls);
        all.addAll(warmUp);
        all.addAll(idle);
        long okTransfers = all.stream().filter(c -> c.kind.equals("transfer") && c.ok()).count();
        long failedTransfers = all.stream().filter(c -> c.kind.equals("transfer") && !c.ok()).count();
        boolean conserved = totals.balance.compareTo(expectedTotal) == 0;
        boolean counted = totals.transfers >= okTransfers && totals.transfers <= okTransfers + failedTransfers;
        System.out.printf("consistency: total balance %s (expected %s), %d transfer rows for %d acknowledged + %d failed requests: %s%n",
                totals.balance, expectedTotal, totals.transfers, okTransfers, failedTransfers,
                conserved && counted ? "ok" : "BROKEN");
        if (!conserved || !counted) {
            problems.add("balances or transfer rows inconsistent");
        }
        if (problems.isEmpty()) {
            System.out.println("RESULT: RECOVERED - the application rode through the writer failover");
            return 0;
        }
        System.out.println("RESULT: NOT RECOVERED - " + ascii(String.join("; ", problems)));
        return 1;
    }

    // ---- traffic -------------------------------------------------------------------------------

    interface Request {
        Call call();
    }

    private void loop(long[] stop, List<Call> calls, Request r) {
        while (true) {
            long until;
            synchronized (stop) {
                until = stop[0];
            }
            if (now() >= until) {
                return;
            }
            calls.add(r.call());
        }
    }

    private Call transfer(List<Long> ids) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long from = ids.get(rnd.nextInt(ids.size()));
        long to;
        do {
            to = ids.get(rnd.nextInt(ids.size()));
        } while (to == from);
        // The client's idempotency key: the server may run this transfer twice, never move the money twice.
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"from\":" + from + ",\"to\":" + to + ",\"amount\":1.00}";
        return timed("transfer", () -> post("/transfers", body));
    }

    private Call read(List<Long> ids) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String path = rnd.nextInt(4) == 0 ? "/accounts" : "/accounts/" + ids.get(rnd.nextInt(ids.size()));
        return timed("read", () -> get(path));
    }

    interface Http {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private Call timed(String kind, Http h) {
        long start = now();
        try {
            HttpResponse<String> r = h.send();
            Matcher m = SERVER_ID.matcher(r.body());
            Integer server = m.find() ? Integer.valueOf(m.group(1)) : null;
            String error = r.statusCode() / 100 == 2 ? null : errorText(r.body());
            return new Call(kind, start, now(), r.statusCode(), r.headers().firstValue("Aurora-Retried").orElse(null), server, error);
        } catch (IOException | InterruptedException e) {
            return new Call(kind, start, now(), 0, null, null, e.toString());
        }
    }

    private static String errorText(String body) {
        Matcher state = Pattern.compile("\"sqlState\":\"([^\"]+)\"").matcher(body);
        if (state.find()) {
            return "SQLState " + state.group(1);
        }
        return body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void checkRetry(String state, boolean idempotent, int attempts, boolean succeeds, List<String> problems)
            throws IOException, InterruptedException {
        String body = post("/checks/retry?state=" + state + "&idempotent=" + idempotent, "").body();
        boolean pass = body.contains("\"attempts\":" + attempts) && body.contains("\"transactions\":" + attempts)
                && body.contains("\"succeeded\":" + succeeds);
        if (!pass) {
            problems.add("retry check " + state + (idempotent ? " idempotent" : "") + ": " + body);
        }
    }

    private record Totals(BigDecimal balance, long transfers) {
    }

    private Totals totals() throws IOException, InterruptedException {
        String body = get("/totals").body();
        Matcher b = Pattern.compile("\"balance\":([0-9.]+)").matcher(body);
        Matcher t = Pattern.compile("\"transfers\":(\\d+)").matcher(body);
        if (!b.find() || !t.find()) {
            throw new IllegalStateException("unexpected /totals answer: " + body);
        }
        return new Totals(new BigDecimal(b.group(1)), Long.parseLong(t.group(1)));
    }

    // ---- report helpers ------------------------------------------------------------------------

    record Gap(long fromMs, long toMs) {
        long ms() {
            return toMs - fromMs;
        }
    }

    /**
     * The longest stretch, from the failover on, with no successful completion of this kind: the
     * pause a user of the application felt. Starts at the failover (not at the last success before
     * it) so an idle moment before the crash does not count.
     */
    private static Gap longestGap(List<Call> calls, long failoverStart) {
        List<Long> ends = calls.stream().filter(Call::ok).map(Call::endMs).filter(e -> e >= failoverStart).sorted().toList();
        Gap best = new Gap(failoverStart, failoverStart);
        long prev = failoverStart;
        for (long e : ends) {
            if (e - prev > best.ms()) {
                best = new Gap(prev, e);
            }
            prev = e;
        }
        return best;
    }

    /** "retried 08S02: n, 08007: n; not retried ..." - counters after minus before (the check's simulated ones). */
    private static String retriesDuringTraffic(String before, String after) {
        StringBuilder sb = new StringBuilder();
        for (String section : List.of("retried", "notRetried")) {
            Map<String, Long> b = counters(before, section);
            sb.append(sb.length() > 0 ? "; " : "").append(section.equals("retried") ? "retried" : "not retried");
            counters(after, section).forEach((state, n) -> sb.append(' ').append(state).append('=').append(n - b.getOrDefault(state, 0L)));
        }
        return sb.toString();
    }

    private static Map<String, Long> counters(String stats, String section) {
        Map<String, Long> m = new TreeMap<>();
        Matcher block = Pattern.compile("\"" + section + "\":\\{([^}]*)}").matcher(stats);
        if (block.find()) {
            Matcher kv = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(block.group(1));
            while (kv.find()) {
                m.put(kv.group(1), Long.parseLong(kv.group(2)));
            }
        }
        return m;
    }

    private static String servedBy(List<Call> calls, java.util.function.Predicate<Call> when) {
        Map<Integer, Long> by = new TreeMap<>();
        calls.stream().filter(Call::ok).filter(when).filter(c -> c.serverId != null)
                .forEach(c -> by.merge(c.serverId, 1L, Long::sum));
        StringBuilder sb = new StringBuilder("{");
        by.forEach((id, n) -> sb.append(sb.length() > 1 ? ", " : "").append("node ").append(id).append(": ").append(n));
        return sb.append('}').toString();
    }

    /** {@code writer.serverId} of a {@code /cluster} answer. */
    private static int writerServerId(String json) {
        Matcher m = Pattern.compile("\"writer\":\\{[^}]*\"serverId\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int intField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String runCommand(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failover command failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /**
     * {@code s} with every character outside printable ASCII written as {@code \\uXXXX}: text from the
     * server (error bodies, JSON) prints the same whatever the terminal's encoding.
     */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ((ch >= 0x20 && ch < 0x7f) || ch == '\n' || ch == '\t') {
                sb.append(ch);
            } else {
                sb.append(String.format("\\u%04x", (int) ch));
            }
        }
        return sb.toString();
    }

    private long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void say(String s) {
        System.out.printf("[%6.2fs] %s%n", now() / 1000.0, ascii(s));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
