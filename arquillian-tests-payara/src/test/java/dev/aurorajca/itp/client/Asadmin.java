package dev.aurorajca.itp.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the managed Payara's own {@code bin/asadmin} (client JVM, same machine, default admin port
 * 4848, no admin password: the unpacked domain1 as shipped). Every asadmin call is a JVM start
 * (~2 s on two cores), so related commands go through one {@code asadmin multimode --file}.
 */
public final class Asadmin {

    /** Exit status and combined stdout/stderr of one asadmin process. */
    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        /** Commands in a multimode batch that did not print "Command X executed successfully". */
        public List<String> failures() {
            return output.lines().filter(l -> l.startsWith("Command ") && l.contains(" failed")).toList();
        }
    }

    static final String CLIENT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    private Asadmin() {
    }

    public static Path home() {
        String p = System.getProperty("payara.home");
        if (p == null) {
            throw new IllegalStateException("system property payara.home is not set: run the tests through Maven "
                    + "(mvn -f arquillian-tests-payara/pom.xml verify), which unpacks Payara to target/payara6");
        }
        Path home = Path.of(p);
        if (!Files.isExecutable(home.resolve("bin/asadmin"))) {
            throw new IllegalStateException("no Payara at " + home + " (bin/asadmin missing): the build unpacks "
                    + "fish.payara.distributions:payara:zip there in process-test-resources; run `mvn clean verify`");
        }
        return home;
    }

    /** One asadmin command, e.g. {@code run(timeout, "ping-connection-pool", "aurora-writer-pool")}. */
    public static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home().resolve("bin/asadmin").toString());
        cmd.add("--interactive=false");
        cmd.addAll(List.of(args));
        return exec(cmd, timeout);
    }

    /**
     * Several commands in one asadmin JVM ({@code multimode --file}); one command per element,
     * written as on the command line without the leading {@code asadmin}. Multimode goes on after
     * a failing command; see {@link Result#failures()}.
     */
    public static Result multimode(Duration timeout, List<String> commands) throws IOException, InterruptedException {
        Path file = Files.createTempFile("aurora-itp-asadmin-", ".txt");
        try {
            Files.writeString(file, String.join("\n", commands) + "\n");
            return run(timeout, "multimode", "--file", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The value of {@code --property}: {@code name=value} pairs joined with {@code :}. asadmin's
     * property parser (GlassFish {@code ParamTokenizer}) splits on unescaped {@code :}, then on
     * unescaped {@code =} (a second one is "Invalid property syntax, "=" in value"), and strips
     * unescaped quotes; so {@code \ : = ' "} inside a value are each escaped with a backslash —
     * {@code \:} alone is not enough for a value such as {@code DriverProperties}.
     */
    public static String properties(Map<String, String> props) {
        return props.entrySet().stream().map(e -> e.getKey() + "=" + escape(e.getValue())).collect(Collectors.joining(":"));
    }

    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if ("\\:='\"".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Result exec(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("aurora-itp-asadmin-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("TERM", "dumb");
            // asadmin is a short-lived client JVM: C1 only starts it in about half the time
            // (`asadmin version --local`, 4 runs each under load: ~1.5 s instead of ~2.7 s).
            // bin/asadmin adds $AS_EXTRA_JAVA_OPTS to the client JVM only; the server is untouched.
            pb.environment().merge("AS_EXTRA_JAVA_OPTS", CLIENT_JVM_OPTIONS, (a, b) -> a + " " + b);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("asadmin did not finish within " + timeout.toSeconds() + " s: " + cmd + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
