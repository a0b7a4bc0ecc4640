package dev.aurorajca.driver.secrets;

/** What the aws_secrets_manager plugin needs of the AWS SDK; the check itself is {@link dev.aurorajca.driver.aws.AwsSdk}. */
final class SecretsManagerSdk {

    /** The Maven coordinates users are told to add; they bring every class below. */
    static final String ARTIFACT = "software.amazon.awssdk:secretsmanager (with software.amazon.awssdk:url-connection-client)";

    /** The SDK classes {@link SdkSecretFetcher} links to. */
    static final String[] REQUIRED = {
        "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient",
        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient",
        "software.amazon.awssdk.protocols.jsoncore.JsonNode",
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
    };

    private SecretsManagerSdk() { }
}
