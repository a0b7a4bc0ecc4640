package dev.aurorajca.soak.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ClassifyAndPausesTest {

    @Test
    void typedStatesAreFoundAnywhereInTheChain() {
        assertEquals("08S02", Classify.of(new SQLException("moved", "08S02")));
        SQLException next = new SQLException("outer", "HY000");
        next.setNextException(new SQLException("inner", "08007"));
        assertEquals("08007", Classify.of(new RuntimeException("wrapped", next)));
        RuntimeException suppressed = new RuntimeException("rollback");
        suppressed.addSuppressed(new SQLException("x", "08001"));
        assertEquals("08001", Classify.of(suppressed));
        assertEquals("08007", Classify.of(new IllegalStateException("XAException: local transaction commit failed [SQLState 08007]: ...")));
    }

    @Test
    void anythingElseIsUntypedByStateOrClass() {
        assertEquals("HY000", Classify.of(new RuntimeException(new SQLException("pool", "HY000"))));
        assertEquals("none:IllegalStateException", Classify.of(new IllegalStateException("no state")));
        assertEquals(false, Classify.typed("HY000"));
        assertEquals(true, Classify.typed("08S02"));
    }

    @Test
    void pauseIsTheLongestWaitForAThreadsNextSuccess() {
        int[][] times = {{100, 200, 300, 5200, 5300}, {150, 250, 1200}, {110, 290, 310}};
        assertArrayEquals(new long[] {4900, 0}, Pauses.after(times, 300 - 0));
        assertArrayEquals(new long[] {-1, 1}, Pauses.after(times, 1300));
        assertArrayEquals(new long[] {60, 0}, Pauses.after(new int[][] {{100, 200}, {150, 180}}, 140));
    }
}
