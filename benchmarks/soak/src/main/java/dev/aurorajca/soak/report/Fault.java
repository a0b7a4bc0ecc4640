package dev.aurorajca.soak.report;

/**
 * One injected fault: its kind, when it hit (epoch ms), the node, how long it lasted until healed
 * (0 for a one-shot fault), the pause it caused (see the server's Pauses; -1: some worker never
 * succeeded again) and the bound that pause must stay within.
 */
public record Fault(String kind, long atMs, int node, long durationMs, String detail, long pauseMs, String slowest) {

    /** The pause each kind may cause and still count as recovered, in ms. */
    public static long bound(String kind, long durationMs) {
        return switch (kind) {
            // the crash is seen at the next call; failover finds the promoted writer in well under a second
            case "writer-crash" -> 5_000;
            // no writer until promotion (durationMs = the promotion delay), then as a crash
            case "late-promotion" -> durationMs + 5_000;
            // calls stall until host monitoring declares the writer dead (1 s + 1 s x 2) or the fault ends;
            // a connect made meanwhile waits up to ConnectTimeout (3 s)
            case "writer-hang", "black-hole" -> durationMs + 3_000 + 3_000 + 4_000;
            // a killed reader's connections fail at once (closed port) and the next call opens one on another reader
            case "reader-loss", "node-restart" -> 5_000;
            // every round trip to the writer is slower while it lasts
            case "latency-spike" -> durationMs + 3_000;
            default -> throw new IllegalArgumentException("unknown fault kind: " + kind);
        };
    }

    public long boundMs() {
        return bound(kind, durationMs);
    }

    public boolean recovered() {
        return pauseMs >= 0 && pauseMs <= boundMs();
    }

    public Fault withPause(long pause, String slowestThread) {
        return new Fault(kind, atMs, node, durationMs, detail, pause, slowestThread);
    }
}
