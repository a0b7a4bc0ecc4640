package dev.aurorajca.soak.server;

import java.util.Arrays;

/**
 * The pause a fault caused: for every worker thread, the time from the fault to the completion
 * of that thread's first successful call after it; the fault's pause is the longest of these
 * (a thread that never succeeded again: -1, not recovered). A thread the fault did not touch
 * contributes its ordinary call time.
 */
public final class Pauses {
    private Pauses() {
    }

    /**
     * @param successMs per thread, completion times of successful calls (ms since the start), ascending
     * @param atMs      the fault, ms since the start
     * @return {@code [pauseMs, index of the slowest thread]}; pauseMs -1 if some thread had no success after the fault
     */
    public static long[] after(int[][] successMs, long atMs) {
        long worst = 0;
        long worstThread = -1;
        for (int t = 0; t < successMs.length; t++) {
            int[] s = successMs[t];
            int i = Arrays.binarySearch(s, (int) Math.min(Integer.MAX_VALUE, atMs + 1));
            if (i < 0) {
                i = -i - 1;
            } else {
                // the first of equal values
                while (i > 0 && s[i - 1] == s[i]) {
                    i--;
                }
            }
            if (i >= s.length) {
                return new long[] {-1, t};
            }
            long p = s[i] - atMs;
            if (p > worst || worstThread < 0) {
                worst = p;
                worstThread = t;
            }
        }
        return new long[] {worst, worstThread};
    }
}
