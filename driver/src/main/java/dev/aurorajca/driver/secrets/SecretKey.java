package dev.aurorajca.driver.secrets;

/**
 * What one cached secret is: the secret, where it is read from (region, endpoint), with which
 * credentials, and which JSON keys hold the user and password (the cache keeps them parsed). Two
 * configurations share a cache entry only when all of these match.
 */
record SecretKey(String secretId, String region, String endpoint, String credentialSource, String usernameKey, String passwordKey) {

    @Override
    public String toString() {
        return "secret '" + secretId + "' in " + region + (endpoint.isEmpty() ? "" : " at " + endpoint) + " (" + credentialSource + ")";
    }
}
