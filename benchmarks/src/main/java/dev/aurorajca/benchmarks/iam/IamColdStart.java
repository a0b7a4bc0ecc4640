package dev.aurorajca.benchmarks.iam;

import dev.aurorajca.benchmarks.report.Cli;
import dev.aurorajca.benchmarks.report.RunInfo;
import dev.aurorajca.benchmarks.report.Stats;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.iam.IamAuthPlugin;
import dev.aurorajca.driver.plugin.ConnectRequest;
import dev.aurorajca.driver.topology.HostSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * IAM token generation cold (issue 8): the first token in a fresh JVM, through the driver's
 * public plugin ({@code new IamAuthPlugin(runtime, settings)}: the SDK default credentials chain,
 * system clock) and, as the peer, through the SDK's {@code RdsUtilities} with the same default
 * chain (what the AWS wrapper's IAM plugin calls). Credentials come from the chain's first member,
 * the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties (fake keys: signing is
 * local). The parent starts {@code --runs} child JVMs per variant, alternating, and writes JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.aurorajca.benchmarks.iam.IamColdStart [--runs 5] [--out benchmarks/results]
 * </pre>
 * Each child reports: JVM start → main (JVM boot), main → the plugin ready ({@code setupMs}: runtime,
 * settings, plugin and three requests created; 0 for the SDK), main → first token, the second token of the
 * same key (cached for the plugin; signed again for RdsUtilities, which has no cache), a token for
 * another user (a warm cache miss).
 */
public final class IamColdStart {

    static final String HOST = "instance-1.czsimclusterx.us-east-1.rds.amazonaws.com";

    private IamColdStart() { }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        Map<String, String> opt = Cli.options(args);
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        Path out = Path.of(opt.getOrDefault("out", "benchmarks/results"));
        String jar = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "iam-token-cold");
        doc.put("run", RunInfo.describe("java -cp benchmarks/target/benchmarks.jar " + IamColdStart.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args))));
        doc.put("credentials", "system properties aws.accessKeyId / aws.secretAccessKey (first member of the SDK default chain), fake keys");
        doc.put("childJvm", List.of(java, "-Daws.accessKeyId=…", "-Daws.secretAccessKey=…", "-Daws.region=us-east-1", "-cp", "<this jar>",
                IamColdStart.class.getName(), "child", "ours|sdk"));
        Map<String, List<Map<String, Double>>> byVariant = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            for (String v : i % 2 == 0 ? List.of("ours", "sdk") : List.of("sdk", "ours")) {
                Process p = new ProcessBuilder(java, "-Daws.accessKeyId=AKIAIOSFODNN7EXAMPLE",
                        "-Daws.secretAccessKey=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "-Daws.region=us-east-1",
                        "-cp", jar, IamColdStart.class.getName(), "child", v).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                Map<String, Double> m = new LinkedHashMap<>();
                for (String line : text.split("\n")) {
                    if (line.startsWith("RESULT ")) {
                        for (String kv : line.substring(7).trim().split(" ")) {
                            String[] x = kv.split("=");
                            m.put(x[0], Double.parseDouble(x[1]));
                        }
                    }
                }
                if (m.isEmpty()) {
                    throw new IllegalStateException("child " + v + " printed no result:\n" + text);
                }
                System.out.println(v + " " + m);
                byVariant.computeIfAbsent(v, k -> new ArrayList<>()).add(m);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        byVariant.forEach((v, rs) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            for (String metric : rs.get(0).keySet()) {
                List<Double> xs = new ArrayList<>();
                rs.forEach(r -> xs.add(r.get(metric)));
                s.put(metric, Stats.summary(xs));
            }
            summary.put(v, s);
        });
        doc.put("summary", summary);
        doc.put("runs", byVariant);
        Path file = RunInfo.write(out, "iam-cold", doc);
        System.out.println("wrote " + file);
    }

    private static void child(String variant) throws SQLException {
        long mainAt = System.nanoTime();
        long bootMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        double first;
        double second;
        double otherUser;
        double setup;
        if (variant.equals("ours")) {
            try (DriverRuntime runtime = new DriverRuntime("iam-cold")) {
                AuroraSettings s = AuroraSettings.of(HOST, 3306, "app", Map.of("user", "app", "plugins", "iam"));
                AuroraSettings s2 = AuroraSettings.of(HOST, 3306, "app", Map.of("user", "app2", "plugins", "iam"));
                IamAuthPlugin plugin = new IamAuthPlugin(runtime, s);
                Connection stub = (Connection) java.lang.reflect.Proxy.newProxyInstance(IamColdStart.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (px, m, a) -> null);
                HostSpec h = HostSpec.endpoint(HOST, 3306);
                ConnectRequest r1 = ConnectRequest.of(h, ConnectRequest.Purpose.INITIAL, s);
                ConnectRequest r2 = ConnectRequest.of(h, ConnectRequest.Purpose.INITIAL, s);
                ConnectRequest r3 = ConnectRequest.of(h, ConnectRequest.Purpose.INITIAL, s2);
                // One chain object for all three calls: a lambda call site costs ms to bootstrap in a cold JVM.
                dev.aurorajca.driver.plugin.ConnectChain chain = req -> requirePassword(req, stub);
                long t0 = System.nanoTime();
                plugin.connect(r1, chain);
                long t1 = System.nanoTime();
                plugin.connect(r2, chain);
                long t2 = System.nanoTime();
                plugin.connect(r3, chain);
                long t3 = System.nanoTime();
                setup = (t0 - mainAt) / 1e6;
                first = (t1 - mainAt) / 1e6;
                second = (t2 - t1) / 1e6;
                otherUser = (t3 - t2) / 1e6;
            }
        } else {
            long t0 = System.nanoTime();
            setup = 0;
            RdsUtilities rds = RdsUtilities.builder().region(Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build()).build();
            String a = rds.generateAuthenticationToken(b -> b.hostname(HOST).port(3306).username("app"));
            long t1 = System.nanoTime();
            String b2 = rds.generateAuthenticationToken(b -> b.hostname(HOST).port(3306).username("app"));
            long t2 = System.nanoTime();
            String c = rds.generateAuthenticationToken(b -> b.hostname(HOST).port(3306).username("app2"));
            long t3 = System.nanoTime();
            if (a.isEmpty() || b2.isEmpty() || c.isEmpty()) {
                throw new IllegalStateException("empty token");
            }
            first = (t1 - mainAt) / 1e6;
            second = (t2 - t1) / 1e6;
            otherUser = (t3 - t2) / 1e6;
        }
        System.out.println("RESULT jvmStartToMainMs=" + bootMs + " setupMs=" + setup + " mainToFirstTokenMs=" + first + " secondTokenSameKeyMs=" + second
                + " tokenOtherUserMs=" + otherUser);
    }

    private static Connection requirePassword(ConnectRequest req, Connection stub) throws SQLException {
        String pw = req.properties().getProperty("password");
        if (pw == null || !pw.contains("X-Amz-Signature=")) {
            throw new SQLException("no token in the request");
        }
        return stub;
    }
}
