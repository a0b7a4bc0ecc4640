package dev.aurorajca.driver.custom;

import dev.aurorajca.driver.config.FailoverMode;
import java.util.Locale;
import java.util.Set;

/**
 * What RDS says about one custom endpoint. Membership follows RDS: with static members, exactly
 * those instances; otherwise every instance of the cluster except the excluded ones (so an
 * instance added to the cluster later joins the endpoint).
 *
 * @param endpointId the endpoint's identifier
 * @param type {@code READER}, {@code ANY} (or whatever RDS answers, upper case)
 * @param staticMembers instance ids listed as static members (empty: none)
 * @param excludedMembers instance ids excluded (empty: none)
 */
public record CustomEndpointInfo(String endpointId, String type, Set<String> staticMembers, Set<String> excludedMembers) {

    public CustomEndpointInfo {
        type = type == null ? "" : type.toUpperCase(Locale.ROOT);
        staticMembers = Set.copyOf(staticMembers);
        excludedMembers = Set.copyOf(excludedMembers);
    }

    /** Whether the instance with this id belongs to the endpoint. */
    public boolean isMember(String instanceId) {
        if (!staticMembers.isEmpty()) {
            return staticMembers.contains(instanceId);
        }
        return !excludedMembers.contains(instanceId);
    }

    /** READER: strict-reader; anything else (ANY): reader-or-writer. */
    public FailoverMode defaultFailoverMode() {
        return "READER".equals(type) ? FailoverMode.STRICT_READER : FailoverMode.READER_OR_WRITER;
    }
}
