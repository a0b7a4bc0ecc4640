package dev.aurorajca.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every result file records about where and how it was produced. */
public final class RunInfo {

    private RunInfo() { }

    /** Date, machine, JVM and the command line of this process. */
    public static Map<String, Object> describe(String reproduce) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("command", reproduce);
        m.put("processCommandLine", ProcessHandle.current().info().commandLine().orElse("?"));
        m.put("mariadb", mariaDbVersion());
        return m;
    }

    private static String mariaDbVersion() {
        try {
            Process p = new ProcessBuilder("mariadbd", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** Writes {@code doc} to {@code dir/<name>-<UTC timestamp>.json} and returns the path. */
    public static Path write(Path dir, String name, Map<String, Object> doc) throws IOException {
        Files.createDirectories(dir);
        String stamp = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        Path out = dir.resolve(name + "-" + stamp + ".json");
        Files.writeString(out, Json.write(doc));
        return out;
    }
}
