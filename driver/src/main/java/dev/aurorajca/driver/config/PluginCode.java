package dev.aurorajca.driver.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plugin codes, outermost first. The declaration order is the weight: a chain is always built
 * in this order whatever order the user typed.
 */
public enum PluginCode {
    /** Outermost: keeps reader choice and failover within an Aurora custom endpoint's members. */
    CUSTOM_ENDPOINT("custom_endpoint", "customEndpoint"),
    /**
     * Outside read/write splitting and failover: holds calls during a blue/green switchover and
     * moves connections from blue to green before failover would see blue's refusals; its connect
     * hook maps blue names to green addresses for every connection the inner plugins open.
     */
    BLUE_GREEN("bg", "blue_green"),
    READ_WRITE_SPLITTING("read_write_splitting", "readWriteSplitting"),
    FAILOVER("failover", "failover2", "failover_v2"),
    /** Inside failover: a monitoring abort must surface as a network error that failover handles. */
    HOST_MONITORING("host_monitoring_v2", "host_monitoring", "efm", "efm2"),
    /** Inside everything that opens connections: every physical connection gets the secret's user and password. */
    AWS_SECRETS_MANAGER("aws_secrets_manager", "awsSecretsManager", "awsSecretsManager2"),
    /** Innermost: every physical connection, including failover's, gets a fresh token. */
    IAM("iam");

    private final String code;
    private final List<String> aliases;

    PluginCode(String code, String... aliases) {
        this.code = code;
        this.aliases = List.of(aliases);
    }

    public String code() { return code; }

    public static PluginCode lookup(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (PluginCode c : values()) {
            if (c.code.equals(t)) {
                return c;
            }
            for (String a : c.aliases) {
                if (a.toLowerCase(Locale.ROOT).equals(t)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Human-readable list of every accepted spelling, for error messages. */
    public static String allowed() {
        return Arrays.stream(values())
                .map(c -> c.code + (c.aliases.isEmpty() ? "" : " (" + String.join(", ", c.aliases) + ")"))
                .collect(Collectors.joining(", "));
    }
}
