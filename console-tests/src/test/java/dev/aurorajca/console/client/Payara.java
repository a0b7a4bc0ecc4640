package dev.aurorajca.console.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Payara domain of its own for the run: a fresh copy of the distribution's domain1 under target/
 * with every port of the server moved up by {@link #SHIFT} (admin console 24848, HTTP 28080), so it
 * never meets the Payara in-server module's domain1 (4848, 8080). Copying takes a second where
 * {@code create-domain --portbase} takes about a minute on two busy cores. No admin password, as
 * domain1 ships, so the console opens without a login.
 */
public final class Payara implements AutoCloseable {

    public static final int SHIFT = 20000;
    public static final String DOMAIN = "consoles";

    private final Path home;
    private final Path domainDir;
    private boolean started;

    public Payara(Path home, Path work) {
        this.home = home;
        this.domainDir = work.resolve("run-payara");
    }

    public static Path homeFromProperty() {
        String p = System.getProperty("payara.home");
        if (p == null || !Files.isExecutable(Path.of(p, "bin/asadmin"))) {
            throw new IllegalStateException("no Payara at " + p + ": run the tests through Maven "
                    + "(mvn -pl console-tests -am verify), which unpacks Payara to console-tests/target/payara6");
        }
        return Path.of(p);
    }

    public int adminPort() {
        return 4848 + SHIFT;
    }

    public int httpPort() {
        return 8080 + SHIFT;
    }

    public Path log() {
        return domainDir.resolve(DOMAIN + "/logs/server.log");
    }

    /** Copies domain1 afresh, moves its ports and starts it. */
    public void start() throws IOException, InterruptedException {
        WildFly.deleteTree(domainDir);
        Path domain = domainDir.resolve(DOMAIN);
        WildFly.copyTree(home.resolve("glassfish/domains/domain1"), domain);
        Path xml = domain.resolve("config/domain.xml");
        String config = Files.readString(xml, StandardCharsets.UTF_8);
        // Literal ports are the server's own listeners (HTTP, HTTPS, admin, IIOP, JMX), its JMS
        // port and the Hazelcast ports; default-config only refers to system properties.
        Matcher m = Pattern.compile("((?:port|start-port|das-port)=\"|name=\"JMS_PROVIDER_PORT\" value=\")(\\d+)\"").matcher(config);
        StringBuilder moved = new StringBuilder();
        int count = 0;
        while (m.find()) {
            int port = Integer.parseInt(m.group(2));
            if (port < SHIFT) { // default-config's template already sits at 27676
                port += SHIFT;
                count++;
            }
            m.appendReplacement(moved, m.group(1) + port + "\"");
        }
        m.appendTail(moved);
        if (!moved.toString().contains("port=\"" + adminPort() + "\"") || count < 9) {
            throw new IllegalStateException("domain1's domain.xml has changed shape (" + count + " ports moved): "
                    + "update Payara.start() for Payara " + home);
        }
        String hostsOption = WildFly.hostsFileOption().trim();
        String withHosts = hostsOption.isEmpty() ? moved.toString()
                : moved.toString().replaceFirst("</java-config>", java.util.regex.Matcher.quoteReplacement("<jvm-options>" + hostsOption + "</jvm-options></java-config>"));
        Files.writeString(xml, withHosts, StandardCharsets.UTF_8);
        started = true; // from here on close() stops it, even if start-domain times out half-way
        // A test JVM that dies (Ctrl-C, surefire's timeout) still stops the domain (a daemon of its own).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close();
            } catch (IOException | InterruptedException e) {
                System.err.println("could not stop Payara domain " + DOMAIN + ": " + e);
            }
        }, "aurora-jca-console-payara-stop"));
        asadmin(Duration.ofSeconds(300), "start-domain", "--domaindir", domainDir.toString(), DOMAIN);
    }

    /** An asadmin command against this domain's admin port; fails with asadmin's output. */
    public String admin(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("--port", Integer.toString(adminPort())));
        a.addAll(List.of(args));
        return asadmin(timeout, a.toArray(String[]::new));
    }

    private String asadmin(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString(), "--interactive=false"));
        cmd.addAll(List.of(args));
        return Procs.ok(timeout, cmd);
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (started) {
            started = false;
            Procs.Result r = Procs.run(Duration.ofSeconds(120), List.of(home.resolve("bin/asadmin").toString(),
                    "--interactive=false", "stop-domain", "--domaindir", domainDir.toString(), "--kill", "true", DOMAIN));
            if (r.exit() != 0) {
                throw new IOException("stop-domain " + DOMAIN + " failed: " + r.output());
            }
        }
    }
}
