package dev.aurorajca.driver.bg;

import java.util.Locale;

/** Which side of a blue/green deployment a row of {@code mysql.rds_topology} describes. */
public enum BgRole {
    /** Blue: the cluster applications use before the switchover. */
    SOURCE,
    /** Green: the cluster that takes blue's names at the switchover. */
    TARGET;

    /** The role for {@code BLUE_GREEN_DEPLOYMENT_SOURCE} / {@code BLUE_GREEN_DEPLOYMENT_TARGET}; null for anything else. */
    public static BgRole of(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("BLUE_GREEN_DEPLOYMENT_SOURCE")) {
            return SOURCE;
        }
        if (t.equals("BLUE_GREEN_DEPLOYMENT_TARGET")) {
            return TARGET;
        }
        return null;
    }

    public String side() {
        return this == SOURCE ? "blue" : "green";
    }
}
