package dev.aurorajca.itp.client;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** domain1's {@code server.log}, read from a remembered position (client JVM, same machine). */
public final class ServerLog {

    private final Path file;
    private final long start;

    private ServerLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    public static Path file() {
        return Asadmin.home().resolve("glassfish/domains/domain1/logs/server.log");
    }

    public static ServerLog mark() throws IOException {
        Path f = file();
        return new ServerLog(f, Files.exists(f) ? Files.size(f) : 0);
    }

    public String sinceMark() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = start <= f.length() ? start : 0; // rotated meanwhile: read it all
            byte[] b = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
