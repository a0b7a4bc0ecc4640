package dev.aurorajca.driver.secrets;

import java.sql.SQLException;

/**
 * Reads a secret from Secrets Manager. An interface of our own so that the plugin's classes never
 * name an AWS SDK type and load without the SDK; unit tests give a fake.
 */
interface SecretFetcher extends AutoCloseable {

    /**
     * The secret's current user and password. Failures are {@link SQLException}s whose messages
     * name the secret and the property to fix, and never contain the secret's value.
     */
    DbCredentials fetch(SecretKey key) throws SQLException;

    @Override
    void close();
}
