/**
 * The {@code aws_secrets_manager} plugin: every physical connection logs in with the user and
 * password held in an AWS Secrets Manager secret, cached per runtime and refreshed in the
 * background.
 *
 * <p>Only {@link dev.aurorajca.driver.secrets.SecretsManagerPlugin} is public. The AWS SDK is
 * touched by {@code SdkSecretFetcher} alone, and only after the SDK was found on the classpath,
 * so the driver loads and runs without it when the plugin is not configured.
 */
package dev.aurorajca.driver.secrets;
