package dev.aurorajca.driver.secrets;

/**
 * A database user and password read from a secret, and the secret version they came from.
 * {@link #toString()} never shows the password.
 */
record DbCredentials(String username, String password, String versionId) {

    @Override
    public String toString() {
        return "DbCredentials[user=" + username + ", password=<hidden>, version=" + versionId + "]";
    }
}
