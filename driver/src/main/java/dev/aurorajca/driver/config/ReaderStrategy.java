package dev.aurorajca.driver.config;

import java.util.List;
import java.util.Locale;

/** How a reader instance is chosen (seed: reader_host_selector_strategy). */
public enum ReaderStrategy {
    RANDOM("random"),
    ROUND_ROBIN("round_robin", "roundRobin"),
    LEAST_CONNECTIONS("least_connections", "leastConnections"),
    WEIGHTED_RANDOM("weighted_random", "weightedRandom"),
    HIGHEST_WEIGHT("highest_weight", "highestWeight");

    private final String code;
    private final List<String> aliases;

    ReaderStrategy(String code, String... aliases) {
        this.code = code;
        this.aliases = List.of(aliases);
    }

    public String code() { return code; }

    public static ReaderStrategy lookup(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ReaderStrategy s : values()) {
            if (s.code.equals(t) || s.aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(t))) {
                return s;
            }
        }
        return null;
    }

    public static String allowed() {
        return "random, round_robin (roundRobin), least_connections (leastConnections), "
                + "weighted_random (weightedRandom), highest_weight (highestWeight)";
    }
}
