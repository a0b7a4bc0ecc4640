package dev.aurorajca.driver.plugin;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.topology.HostSpec;
import java.util.Properties;

/**
 * A request to open one physical connection. {@code properties} is a private copy that inner
 * plugins may change (IAM replaces the password with a token).
 */
public record ConnectRequest(HostSpec host, Purpose purpose, AuroraSettings settings, Properties properties) {

    /** Why the connection is opened; plugins act on some purposes only. */
    public enum Purpose {
        /** The first physical connection of a logical connection. */
        INITIAL,
        /** A replacement after a failure. */
        FAILOVER,
        /** A reader connection for read/write splitting or a read-only connection. */
        READER,
        /** A probe connection of the topology monitor or a failover writer search. */
        PROBE,
        /** A host monitoring connection. */
        MONITORING
    }

    /** Never shows the properties: they hold the password or an IAM token. */
    @Override
    public String toString() {
        return "ConnectRequest[" + host + ", " + purpose + "]";
    }

    public static ConnectRequest of(HostSpec host, Purpose purpose, AuroraSettings settings) {
        return new ConnectRequest(host, purpose, settings, settings.targetProperties(settings.user(), settings.password()));
    }

    /** A request for a background connection with bounded timeouts and any {@code monitoring-} overrides. */
    public static ConnectRequest background(HostSpec host, Purpose purpose, AuroraSettings settings, int connectTimeoutMs, int socketTimeoutMs) {
        Properties p = settings.targetProperties(settings.user(), settings.password());
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutMs));
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutMs));
        if (purpose == Purpose.MONITORING) {
            settings.monitoringProperties().forEach(p::setProperty);
        }
        return new ConnectRequest(host, purpose, settings, p);
    }
}
