package dev.aurorajca.driver.aws;

import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.InvalidSettingException;

/**
 * Finds out, without linking to it, whether the AWS SDK classes a plugin uses are present. The
 * plugins that call AWS ({@code iam}, {@code aws_secrets_manager}) keep every SDK reference in
 * one class that is loaded only after this check passed, so the driver loads and runs without
 * the SDK when they are not configured.
 */
public final class AwsSdk {

    private AwsSdk() { }

    /**
     * A name for where credentials come from, for cache keys and messages: {@code profile:NAME} or
     * {@code default-chain}. Here, not in {@link AwsCredentialSources}, because callers need it
     * before (and without) the SDK.
     */
    public static String credentialSource(String awsProfile) {
        return awsProfile == null || awsProfile.isEmpty() ? "default-chain" : "profile:" + awsProfile;
    }

    /**
     * Throws a configuration error naming {@code plugin} and the Maven {@code artifact} to add when
     * one of {@code classNames} cannot be loaded from {@code loader}.
     */
    public static void require(ClassLoader loader, String plugin, String artifact, String... classNames) throws InvalidSettingException {
        for (String name : classNames) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidSettingException(AuroraProperty.PLUGINS.key(),
                        "the " + plugin + " plugin needs the AWS SDK for Java 2.x module " + artifact
                        + " (and its dependencies) on the driver's classpath, or inside the .rar for the resource adapter; "
                        + "class " + name + " could not be loaded (" + e + "). Add " + artifact + " or remove " + plugin + " from plugins.");
            }
        }
    }
}
