package dev.aurorajca.driver.bg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which blue endpoint maps to which green one, and where connects go after the switch. */
@Tag("unit")
@DisplayName("bg blue-to-green plan")
class BgPlanTest {

    private static BgPlan plan() {
        List<BgRow> rows = BgFixture.rows("AVAILABLE", "AVAILABLE");
        return BgPlan.build(rows, BgFixture.read(null, null, true).instances(), BgFixture.read(null, null, false).instances(), BgFixture.RESOLVE);
    }

    @Test
    @DisplayName("blue names, blue's -old1 names and blue addresses all lead to the green counterpart's address")
    void blueLeadsToGreen() {
        BgPlan p = plan();
        assertEquals("10.0.1.2", p.greenRoute(BgFixture.BLUE_CLUSTER, 3306).address());
        assertEquals("10.0.1.3", p.greenRoute(BgFixture.BLUE_RO, 3306).address());
        assertEquals("10.0.1.12", p.greenRoute(BgFixture.BLUE_2, 3306).address());
        assertEquals("10.0.1.12", p.greenRoute("instance-2-old1" + BgFixture.D, 3306).address());
        assertEquals(BgFixture.BLUE_2, p.greenRoute("instance-2-old1" + BgFixture.D, 3306).loginName());
        assertEquals("10.0.1.11", p.greenRoute("10.0.0.11", 3306).address());
        assertEquals(BgRole.SOURCE, p.sideOf("instance-3-old1" + BgFixture.D, 3306));
        assertEquals(BgRole.SOURCE, p.sideOf("10.0.0.12", 3306));
        assertEquals(BgRole.TARGET, p.sideOf("10.0.1.12", 3306));
        assertNull(p.sideOf("other.example.com", 3306));
        assertNull(p.sideOf("10.0.0.12", 3307), "same address, other port: not this deployment");
    }

    @Test
    @DisplayName("green's own pre-switch names keep their address and log in with the blue name green took")
    void greenNamesKeepTheirAddress() {
        BgPlan.Route r = plan().greenRoute(BgFixture.GREEN_3, 3306);
        assertEquals("10.0.1.13", r.address());
        assertEquals(BgFixture.BLUE_3, r.loginName());
        assertNull(plan().greenRoute("10.0.1.13", 3306), "already a green address: nothing to change");
    }

    @Test
    @DisplayName("without matching names the writer still maps to the writer and readers round robin over green's readers")
    void writerToWriterReadersRoundRobin() {
        List<BgRow> rows = new ArrayList<>();
        for (String n : List.of("a-1" + BgFixture.D, "a-2" + BgFixture.D, "a-3" + BgFixture.D)) {
            rows.add(new BgRow("1.0", n, 3306, BgRole.SOURCE, BgPhase.CREATED));
        }
        for (String n : List.of("x-1" + BgFixture.D, "x-2" + BgFixture.D)) {
            rows.add(new BgRow("1.0", n, 3306, BgRole.TARGET, BgPhase.CREATED));
        }
        BgPlan p = BgPlan.build(rows,
                List.of(new BgMetadata.Instance("a-2", true)), List.of(new BgMetadata.Instance("x-1", true)), n -> "10.9.9." + n.charAt(2));
        assertEquals("x-1" + BgFixture.D, p.greenFor("a-2" + BgFixture.D));
        assertEquals("x-2" + BgFixture.D, p.greenFor("a-1" + BgFixture.D));
        assertEquals("x-2" + BgFixture.D, p.greenFor("a-3" + BgFixture.D));
        assertEquals("a-2" + BgFixture.D, p.blueWriter());
    }

    @Test
    @DisplayName("status and role texts of mysql.rds_topology")
    void statusTexts() {
        assertEquals(BgPhase.CREATED, BgPhase.ofStatus("AVAILABLE"));
        assertEquals(BgPhase.PREPARATION, BgPhase.ofStatus("switchover_initiated"));
        assertEquals(BgPhase.IN_PROGRESS, BgPhase.ofStatus("SWITCHOVER_IN_PROGRESS"));
        assertEquals(BgPhase.POST, BgPhase.ofStatus("SWITCHOVER_IN_POST_PROCESSING"));
        assertEquals(BgPhase.COMPLETED, BgPhase.ofStatus("SWITCHOVER_COMPLETED"));
        assertEquals(BgPhase.NOT_CREATED, BgPhase.ofStatus(null));
        assertNull(BgPhase.ofStatus("SOMETHING_NEW"));
        assertEquals(BgRole.SOURCE, BgRole.of("BLUE_GREEN_DEPLOYMENT_SOURCE"));
        assertEquals(BgRole.TARGET, BgRole.of("blue_green_deployment_target"));
        assertNull(BgRole.of("WRITER"));
    }
}
