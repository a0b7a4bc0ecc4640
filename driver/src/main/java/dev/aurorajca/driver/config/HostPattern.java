package dev.aurorajca.driver.config;

/**
 * An instance host pattern such as {@code ?.abc123.us-east-1.rds.amazonaws.com:3306}: the
 * {@code ?} stands for the instance id the topology query returns.
 */
public record HostPattern(String template, int port) {

    /** Parses {@code host-with-?[:port]}; port -1 means "the cluster endpoint's port". */
    public static HostPattern parse(String text) throws InvalidSettingException {
        String key = AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN.key();
        String allowed = "a host name containing exactly one '?' (the instance id), optionally followed by :port, "
                + "e.g. ?.abc123.us-east-1.rds.amazonaws.com:3306";
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = t;
        int port = -1;
        if (colon >= 0) {
            host = t.substring(0, colon);
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, text, allowed);
            }
            if (port < 1 || port > 65535) {
                throw new InvalidSettingException(key, text, allowed);
            }
        }
        int q = host.indexOf('?');
        // With the '?' standing for an instance id, the rest must make a valid host name: the
        // result goes into a Connector/J URL (see HostNames).
        if (q < 0 || host.indexOf('?', q + 1) >= 0 || host.length() < 2 || !HostNames.isValid(host.replace("?", "x"))) {
            throw new InvalidSettingException(key, HostNames.shown(text), allowed);
        }
        return new HostPattern(host, port);
    }

    public String hostFor(String instanceId) {
        return template.replace("?", instanceId);
    }
}
