package dev.aurorajca.driver.topology;

import java.util.Locale;

/**
 * One instance (or endpoint) a physical connection can reach. {@code instanceId} is what the
 * dialect's topology query calls it (empty for an endpoint that is not an instance).
 */
public record HostSpec(String host, int port, String instanceId, Role role) {

    public enum Role { WRITER, READER, UNKNOWN }

    public HostSpec {
        host = host.toLowerCase(Locale.ROOT);
        instanceId = instanceId == null ? "" : instanceId;
    }

    public static HostSpec endpoint(String host, int port) {
        return new HostSpec(host, port, "", Role.UNKNOWN);
    }

    public String hostPort() { return host + ":" + port; }

    public HostSpec withRole(Role r) { return r == role ? this : new HostSpec(host, port, instanceId, r); }

    /** Same address, whatever the role. */
    public boolean sameAddress(HostSpec other) {
        return other != null && port == other.port && host.equals(other.host);
    }

    @Override
    public String toString() {
        return hostPort() + (instanceId.isEmpty() ? "" : "[" + instanceId + "]") + (role == Role.UNKNOWN ? "" : "/" + role.name().toLowerCase(Locale.ROOT));
    }
}
