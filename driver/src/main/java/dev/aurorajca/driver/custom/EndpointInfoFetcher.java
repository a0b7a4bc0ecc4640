package dev.aurorajca.driver.custom;

import java.sql.SQLException;

/** Reads a custom endpoint's description; the SDK implementation is {@link SdkEndpointInfoFetcher}. */
interface EndpointInfoFetcher extends AutoCloseable {

    /** RDS refused the call because of its request rate: the caller backs off. */
    final class ThrottledException extends SQLException {
        private static final long serialVersionUID = 1L;

        ThrottledException(String message, Throwable cause) {
            super(message, "08001", cause);
        }
    }

    /** The endpoint's members and type; ThrottledException when RDS throttles. */
    CustomEndpointInfo fetch(String endpointId) throws SQLException;

    @Override
    void close();
}
