package dev.aurorajca.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** What the server shows about a pooled connection; product data comes from Connector/J's cached metadata. */
final class AuroraManagedConnectionMetaData implements ManagedConnectionMetaData {

    private final AuroraManagedConnection managed;

    AuroraManagedConnectionMetaData(AuroraManagedConnection managed) {
        this.managed = managed;
    }

    private DatabaseMetaData metaData() throws ResourceException {
        try {
            return managed.logical().getMetaData();
        } catch (SQLException e) {
            throw new ResourceException("cannot read database metadata: " + e.getMessage(), e);
        }
    }

    @Override
    public String getEISProductName() throws ResourceException {
        try {
            return metaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    @Override
    public String getEISProductVersion() throws ResourceException {
        try {
            return metaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    /** No limit of our own: the server's pool sizes it. */
    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        AuroraConnectionRequestInfo c = managed.credentials();
        return c != null ? c.user() : managed.settings().user();
    }
}
