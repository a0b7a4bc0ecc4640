package dev.aurorajca.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
@DisplayName("cluster metrics: connection failovers that overlap are one cluster failover")
class ClusterMetricsTest {

    private static long ms(long n) {
        return TimeUnit.MILLISECONDS.toNanos(n);
    }

    @Test
    @DisplayName("one connection: one failover, its duration is LastFailoverMillis")
    void singleConnection() {
        ClusterMetrics m = new ClusterMetrics();
        assertEquals(-1, m.lastFailoverMillis(), "no failover yet");
        m.failoverStarted(ms(1_000));
        assertEquals(0, m.failoversSucceeded(), "not counted while in flight");
        m.failoverEnded(true, ms(1_750));
        assertEquals(1, m.failoversSucceeded());
        assertEquals(0, m.failoversFailed());
        assertEquals(1, m.connectionFailoversSucceeded());
        assertEquals(750, m.lastFailoverMillis());
    }

    @Test
    @DisplayName("three busy connections fail over together: one failover from the first start to the last end")
    void overlappingConnectionsAreOneFailover() {
        ClusterMetrics m = new ClusterMetrics();
        m.failoverStarted(ms(100));
        m.failoverStarted(ms(120));
        m.failoverEnded(true, ms(900));
        m.failoverStarted(ms(950)); // starts while the second is still in flight
        m.failoverEnded(false, ms(1_100));
        m.failoverEnded(true, ms(1_300));
        assertEquals(1, m.failoversSucceeded(), "one cluster failover");
        assertEquals(0, m.failoversFailed(), "at least one connection reached a healthy instance");
        assertEquals(2, m.connectionFailoversSucceeded());
        assertEquals(1, m.connectionFailoversFailed());
        assertEquals(1_200, m.lastFailoverMillis());
    }

    @Test
    @DisplayName("separate failovers count separately; one where no connection got through is a failed failover")
    void separateFailoversAndAFailedOne() {
        ClusterMetrics m = new ClusterMetrics();
        m.failoverStarted(ms(0));
        m.failoverEnded(true, ms(300));
        m.failoverStarted(ms(5_000));
        m.failoverStarted(ms(5_010));
        m.failoverEnded(false, ms(25_000));
        m.failoverEnded(false, ms(25_010));
        assertEquals(1, m.failoversSucceeded());
        assertEquals(1, m.failoversFailed());
        assertEquals(2, m.connectionFailoversFailed());
        assertEquals(20_010, m.lastFailoverMillis(), "the last failover's duration, failed or not");
    }

    @Test
    @DisplayName("an end without a start counts the connection but invents no cluster failover")
    void unpairedEnd() {
        ClusterMetrics m = new ClusterMetrics();
        m.failoverEnded(true, ms(10));
        assertEquals(1, m.connectionFailoversSucceeded());
        assertEquals(0, m.failoversSucceeded());
        assertEquals(-1, m.lastFailoverMillis());
    }

    @Test
    void hostsDeclaredDown() {
        ClusterMetrics m = new ClusterMetrics();
        m.hostDeclaredDown();
        m.hostDeclaredDown();
        assertEquals(2, m.hostsDeclaredDown());
    }
}
