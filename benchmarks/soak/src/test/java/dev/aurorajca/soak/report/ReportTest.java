package dev.aurorajca.soak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Run run() {
        Run r = new Run();
        r.t0 = 1_000_000;
        r.durationS = 60;
        r.meta.put("startedAt", "2026-12-01T00:00:00Z");
        r.meta.put("server", "WildFly test");
        r.secs.add(new Run.Sec(0, "write", 100, 2000, 5000, 9000, 12000));
        r.secs.add(new Run.Sec(0, "read", 200, 1000, 3000, 4000, 5000));
        r.errs.add(new Run.Err(20, "write", "08S02", 2));
        r.errs.add(new Run.Err(21, "read", "08S02", 1));
        r.errs.add(new Run.Err(21, "write", "08007", 1));
        for (int i = 0; i < 5; i++) {
            r.faults.add(new Fault("writer-crash", r.t0 + 20_000 + i * 5000L, 1, 0, "d", 300, "soak-write-0"));
        }
        r.jvmStart = new Run.Jvm(200, 100L << 20, Map.of("soak-#", 0, "default task-#", 4));
        r.jvmEnd = new Run.Jvm(204, 104L << 20, Map.of("default task-#", 5));
        r.ackedWrites = 300;
        r.connectionBound = 44;
        r.connections(1, 5, 30, 6);
        r.connections(2, 4, 12, 4);
        return r;
    }

    @Test
    void aCleanRunPassesEveryCheck() {
        Map<String, Object> s = Report.summary(run());
        assertEquals(0, s.get("untypedErrors"));
        assertEquals(Map.of("08S02", 3, "08007", 1), s.get("errorsBySqlState"));
        assertEquals(204, s.get("threadsEnd"));
        assertEquals(104.0, s.get("heapEndMb"));
        assertEquals(Map.of("default task-#", "4 -> 5"), s.get("threadGroupsChanged"));
        assertEquals(Boolean.TRUE, s.get("passed"), () -> String.valueOf(s.get("checks")));
    }

    @Test
    void eachBrokenPromiseFailsItsOwnCheck() {
        Run r = run();
        r.errs.add(new Run.Err(30, "read", "HY000", 2));
        r.errs.add(new Run.Err(31, "long", "none:IllegalStateException", 1));
        r.missingWrites = 1;
        r.jvmEnd = new Run.Jvm(211, 106L << 20, Map.of());
        r.faults.set(0, r.faults.get(0).withPause(9_000, "soak-read-1"));
        r.connections(3, 1, 45, 1);
        Map<String, Object> s = Report.summary(r);
        assertEquals(3, s.get("untypedErrors"));
        @SuppressWarnings("unchecked")
        Map<String, Boolean> c = (Map<String, Boolean>) s.get("checks");
        assertFalse(c.get("noMissingWrites"));
        assertFalse(c.get("noUntypedErrors"));
        assertFalse(c.get("atLeast5FaultsAllRecovered"));
        assertFalse(c.get("threadsBackToBaseline"));
        assertFalse(c.get("heapBackToBaseline"));
        assertFalse(c.get("connectionsWithinBound"));
        assertEquals(Boolean.FALSE, s.get("passed"));
        assertEquals(4L, s.get("faultsRecovered"));
    }

    @Test
    void fewerThanFiveFaultsFailEvenIfAllRecovered() {
        Run r = run();
        r.faults.subList(4, 5).clear();
        @SuppressWarnings("unchecked")
        Map<String, Boolean> c = (Map<String, Boolean>) Report.summary(r).get("checks");
        assertFalse(c.get("atLeast5FaultsAllRecovered"));
    }

    @Test
    void boundsDependOnKindAndDuration() {
        assertEquals(5_000, Fault.bound("writer-crash", 0));
        assertEquals(8_000, Fault.bound("late-promotion", 3_000));
        assertEquals(14_000, Fault.bound("writer-hang", 4_000));
        assertTrue(new Fault("reader-loss", 0, 2, 15_000, "", 4_999, "t").recovered());
        assertFalse(new Fault("reader-loss", 0, 2, 15_000, "", 5_001, "t").recovered());
        assertFalse(new Fault("reader-loss", 0, 2, 15_000, "", -1, "t").recovered(), "never succeeded again");
    }

    @Test
    void fiveMinutesGiveAtLeastFiveFaultsOfEveryKindButNoEndingOnADownWriter() {
        List<Schedule.Planned> p = Schedule.plan(5);
        assertTrue(p.size() >= 5, p::toString);
        assertTrue(p.get(p.size() - 1).atS() <= 5 * 60 - Schedule.SETTLE_S);
        assertEquals(List.of("writer-crash", "node-restart", "reader-loss", "latency-spike", "late-promotion", "node-restart",
                "writer-hang", "black-hole"), p.subList(0, 8).stream().map(Schedule.Planned::kind).toList());
        for (int m = 2; m <= 30; m++) {
            List<Schedule.Planned> q = Schedule.plan(m);
            String last = q.get(q.size() - 1).kind();
            assertFalse(last.equals("writer-crash") || last.equals("late-promotion"), m + " minutes: " + q);
        }
        assertTrue(Schedule.plan(20).size() >= 40);
    }

    @Test
    void htmlIsOnePageWithAnSvgTimelineAndFaultMarkers() {
        Run r = run();
        r.faults.set(1, r.faults.get(1).withPause(-1, "soak-write-1"));
        Map<String, Object> s = Report.summary(r);
        String html = Report.html(r, s);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"), "inline SVG");
        assertFalse(html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http"), "self-contained");
        assertEquals(5, html.split("writer-crash \\S*ms</text>", -1).length - 1, "a marker per fault");
        assertTrue(html.contains("FAILED"));
        assertTrue(html.contains("fill=\"#f39c12\""), "typed error bars");
    }

    @Test
    void jsonEscapesAndNests() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", List.of(1, 2));
        m.put("b", "x\"y\u00e9");
        m.put("c", Map.of());
        assertEquals("{\n  \"a\": [1, 2],\n  \"b\": \"x\\\"y\\u00e9\",\n  \"c\": {}\n}\n", Json.write(m));
    }

    @Test
    void statusNodesParse() {
        String st = "{\"nodes\":[{\"id\":1,\"host\":\"127.0.0.1\",\"port\":41731,\"role\":\"writer\",\"running\":true,\"pid\":9916,\"serverPort\":50957},"
                + "{\"id\":2,\"host\":\"127.0.0.1\",\"port\":41732,\"role\":\"reader\",\"running\":false,\"pid\":9917,\"serverPort\":50958}],"
                + "\"user\":\"app\"}";
        assertEquals(List.of(new SoakRunner.Node(1, "writer", true, 50957), new SoakRunner.Node(2, "reader", false, 50958)), SoakRunner.nodes(st));
        assertEquals("app", SoakRunner.field(st, "user"));
    }
}
