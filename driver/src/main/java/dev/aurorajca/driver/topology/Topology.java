package dev.aurorajca.driver.topology;

import java.util.List;
import java.util.stream.Collectors;

/** An immutable snapshot of a cluster: one writer (or none known) and its readers. */
public record Topology(List<HostSpec> hosts, long takenAtNanos) {

    public Topology {
        hosts = List.copyOf(hosts);
    }

    public HostSpec writer() {
        for (HostSpec h : hosts) {
            if (h.role() == HostSpec.Role.WRITER) {
                return h;
            }
        }
        return null;
    }

    public List<HostSpec> readers() {
        return hosts.stream().filter(h -> h.role() == HostSpec.Role.READER).collect(Collectors.toUnmodifiableList());
    }

    /** The same hosts with {@code newWriter} as the writer and everything else a reader. */
    public Topology withWriter(HostSpec newWriter, long nowNanos) {
        boolean found = false;
        java.util.ArrayList<HostSpec> out = new java.util.ArrayList<>();
        for (HostSpec h : hosts) {
            if (h.sameAddress(newWriter)) {
                out.add(h.withRole(HostSpec.Role.WRITER));
                found = true;
            } else {
                out.add(h.withRole(HostSpec.Role.READER));
            }
        }
        if (!found) {
            out.add(newWriter.withRole(HostSpec.Role.WRITER));
        }
        return new Topology(out, nowNanos);
    }

    /** The host with this instance id, or null. */
    public HostSpec findById(String instanceId) {
        if (instanceId == null || instanceId.isEmpty()) {
            return null;
        }
        for (HostSpec h : hosts) {
            if (h.instanceId().equals(instanceId)) {
                return h;
            }
        }
        return null;
    }

    public HostSpec find(HostSpec address) {
        for (HostSpec h : hosts) {
            if (h.sameAddress(address)) {
                return h;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return hosts.toString();
    }
}
