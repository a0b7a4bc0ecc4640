package dev.aurorajca.itsupport.client;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The managed server's {@code server.log}, read from a remembered position (client JVM, same machine). */
public final class ServerLog {

    private final Path file;
    private final long start;

    private ServerLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    /**
     * Marks the current end of {@code file} (WildFly {@code standalone/log/server.log}, Payara
     * {@code glassfish/domains/domain1/logs/server.log}); {@link #sinceMark()} returns what was
     * written after it.
     */
    public static ServerLog mark(Path file) throws IOException {
        return new ServerLog(file, Files.exists(file) ? Files.size(file) : 0);
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

    /** Lines written since the mark that contain {@code text}. */
    public long count(String text) throws IOException {
        return sinceMark().lines().filter(l -> l.contains(text)).count();
    }
}
