package dev.aurorajca.itp.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Durations of the expensive steps (Payara start, asadmin batches, cluster start), appended to
 * {@code target/measurements/timings.txt}, and measured numbers of a test to
 * {@code target/measurements/<name>}.
 */
public final class Timings {

    private Timings() {
    }

    /** {@code target/measurements} (next to the unpacked Payara). */
    public static Path dir() {
        String home = System.getProperty("payara.home");
        Path target = home == null ? Path.of("target") : Path.of(home).toAbsolutePath().getParent();
        return target.resolve("measurements");
    }

    public static synchronized void record(String what, long millis) {
        String line = Instant.now() + "\t" + what + "\t" + millis + " ms\n";
        System.out.print("[timing] " + line);
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve("timings.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("[timing] cannot write " + dir() + ": " + e);
        }
    }

    public static void write(String name, String text) throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve(name), text);
        System.out.print(text);
    }
}
