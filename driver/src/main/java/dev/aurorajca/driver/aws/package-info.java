/**
 * What the plugins that call AWS share: the check that the SDK is on the classpath
 * ({@link dev.aurorajca.driver.aws.AwsSdk}, no SDK link) and where credentials come from
 * ({@link dev.aurorajca.driver.aws.AwsCredentialSources}, links to the SDK).
 */
package dev.aurorajca.driver.aws;
