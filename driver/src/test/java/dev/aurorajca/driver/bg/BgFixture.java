package dev.aurorajca.driver.bg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** RDS-shaped blue/green rows and a fake DNS for unit tests. */
final class BgFixture {

    static final String D = ".czx.us-east-1.rds.amazonaws.com";
    static final String BLUE_CLUSTER = "sim.cluster-czx.us-east-1.rds.amazonaws.com";
    static final String BLUE_RO = "sim.cluster-ro-czx.us-east-1.rds.amazonaws.com";
    static final String BLUE_1 = "instance-1" + D;
    static final String BLUE_2 = "instance-2" + D;
    static final String BLUE_3 = "instance-3" + D;
    static final String GREEN_CLUSTER = "sim-green-abc123.cluster-czx.us-east-1.rds.amazonaws.com";
    static final String GREEN_RO = "sim-green-abc123.cluster-ro-czx.us-east-1.rds.amazonaws.com";
    static final String GREEN_1 = "instance-1-green-aaa111" + D;
    static final String GREEN_2 = "instance-2-green-bbb222" + D;
    static final String GREEN_3 = "instance-3-green-ccc333" + D;
    static final int PORT = 3306;

    /** The addresses the names had before the switchover. */
    static final Map<String, String> DNS = Map.ofEntries(
            Map.entry(BLUE_CLUSTER, "10.0.0.2"), Map.entry(BLUE_RO, "10.0.0.3"),
            Map.entry(BLUE_1, "10.0.0.11"), Map.entry(BLUE_2, "10.0.0.12"), Map.entry(BLUE_3, "10.0.0.13"),
            Map.entry(GREEN_CLUSTER, "10.0.1.2"), Map.entry(GREEN_RO, "10.0.1.3"),
            Map.entry(GREEN_1, "10.0.1.11"), Map.entry(GREEN_2, "10.0.1.12"), Map.entry(GREEN_3, "10.0.1.13"));

    static final Function<String, String> RESOLVE = DNS::get;

    private BgFixture() { }

    static List<BgRow> rows(String blueStatus, String greenStatus) {
        List<BgRow> rows = new ArrayList<>();
        if (blueStatus != null) {
            for (String n : List.of(BLUE_CLUSTER, BLUE_RO, BLUE_1, BLUE_2, BLUE_3)) {
                rows.add(new BgRow("1.0", n, PORT, BgRole.SOURCE, BgPhase.ofStatus(blueStatus)));
            }
        }
        if (greenStatus != null) {
            for (String n : List.of(GREEN_CLUSTER, GREEN_RO, GREEN_1, GREEN_2, GREEN_3)) {
                rows.add(new BgRow("1.0", n, PORT, BgRole.TARGET, BgPhase.ofStatus(greenStatus)));
            }
        }
        return rows;
    }

    static BgMetadata.Read read(String blueStatus, String greenStatus, boolean blueSide) {
        List<BgMetadata.Instance> inst = blueSide
                ? List.of(new BgMetadata.Instance("instance-1", true), new BgMetadata.Instance("instance-2", false),
                        new BgMetadata.Instance("instance-3", false))
                : List.of(new BgMetadata.Instance("instance-1-green-aaa111", true), new BgMetadata.Instance("instance-2-green-bbb222", false),
                        new BgMetadata.Instance("instance-3-green-ccc333", false));
        return new BgMetadata.Read(rows(blueStatus, greenStatus), inst);
    }

    /** Both sides' tables say the same. */
    static BgState both(BgTracker t, String status, long now) {
        t.observe(BgRole.SOURCE, read(status, status, true), now);
        return t.observe(BgRole.TARGET, read(status, status, false), now);
    }
}
