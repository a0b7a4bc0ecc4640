package dev.aurorajca.ra;

import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;

/**
 * Per-request credentials ({@code DataSource.getConnection(user, password)}, or a container
 * {@code PasswordCredential}). Everything else that shapes a connection lives on the factory.
 * A managed connection only matches a request with equal credentials.
 */
public final class AuroraConnectionRequestInfo implements ConnectionRequestInfo {

    private final String user;
    private final String password;

    public AuroraConnectionRequestInfo(String user, String password) {
        this.user = user;
        this.password = password;
    }

    public String user() { return user; }

    /** Never log it. */
    String password() { return password; }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuroraConnectionRequestInfo c
                && Objects.equals(user, c.user) && Objects.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, password);
    }

    @Override
    public String toString() {
        return "AuroraConnectionRequestInfo[user=" + user + ", password=" + (password == null ? "<none>" : "<hidden>") + "]";
    }
}
