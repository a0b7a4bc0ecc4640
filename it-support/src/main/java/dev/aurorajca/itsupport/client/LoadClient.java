package dev.aurorajca.itsupport.client;

import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

import dev.aurorajca.itsupport.server.LoadServlet;
import dev.aurorajca.itsupport.server.WriteLoad;

/**
 * The client side of the test WAR's {@link LoadServlet} ({@code /load/*}): starts a server-side
 * {@link WriteLoad}, polls it, stops it and parses every request's outcome.
 */
public final class LoadClient {

    private final URL war;

    public LoadClient(URL war) {
        this.war = war;
    }

    /**
     * Starts the load through the factory at {@code jndi} (the server's name for it). {@code driverClass}:
     * an exception class name the WAR can load, recorded per failed request, or null.
     */
    public void start(String jndi, String table, int threads, long periodMs, String driverClass)
            throws IOException, InterruptedException {
        Http.post(war, "load/start?jndi=" + jndi + "&table=" + table + "&threads=" + threads + "&periodMs=" + periodMs
                + (driverClass == null ? "" : "&driverClass=" + driverClass));
    }

    /** Successful requests so far that started at or after {@code micros}. */
    public long okSince(long micros) {
        return Long.parseLong(status(micros).split(" ")[1]);
    }

    /** The servlet's status line ({@code <requests> <ok since>}), or why it is unavailable. */
    public String status(long sinceMicros) {
        try {
            return Http.get(war, "load/status?since=" + sinceMicros).trim();
        } catch (Exception e) {
            return "status unavailable: " + e;
        }
    }

    /** Stops the load; every request it made, in no particular order. */
    public List<WriteLoad.Request> stop() throws IOException, InterruptedException {
        return Http.post(war, "load/stop").lines().filter(l -> !l.isBlank()).map(WriteLoad.Request::parse).toList();
    }

    public static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    /** Up to five requests, one line each, for an assertion message. */
    public static String sample(List<WriteLoad.Request> rs) {
        return rs.stream().limit(5).map(r -> "\n  [thread " + r.thread() + " " + r.state() + "/" + r.errorCode() + "] "
                + r.afterFailover() + " " + r.detail()).collect(Collectors.joining());
    }
}
