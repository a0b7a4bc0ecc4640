/**
 * The {@code iam} plugin: every physical connection logs in with a short-lived AWS IAM
 * authentication token instead of a stored password.
 *
 * <p>Only {@link dev.aurorajca.driver.iam.IamAuthPlugin} is public. The AWS SDK is touched by
 * {@code SdkTokenGenerator} alone, and only after {@code AwsSdk} found it on the classpath, so the
 * driver loads and runs without the SDK when {@code iam} is not configured.
 */
package dev.aurorajca.driver.iam;
