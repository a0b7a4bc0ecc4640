package dev.aurorajca.it.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a test's measured numbers to {@code target/measurements/<name>} (surefire keeps stdout in a file). */
public final class Measurements {

    private Measurements() {
    }

    public static void write(String name, String text) throws IOException {
        Path dir = Path.of(System.getProperty("jboss.home", "target/x")).toAbsolutePath().getParent().resolve("measurements");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text);
    }
}
