package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.config.AuroraProperty;
import dev.aurorajca.driver.config.InvalidSettingException;

/** Finds out, without linking to it, whether the AWS SDK classes the plugin uses are present. */
final class AwsSdk {

    /** The Maven coordinates users are told to add; they bring every class below. */
    static final String ARTIFACT = "software.amazon.awssdk:rds";

    /** The SDK classes {@link SdkTokenGenerator} links to. */
    static final String[] REQUIRED = {
        "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner",
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
    };

    private AwsSdk() { }

    /** Throws a configuration error naming the artifact to add when a required class is missing. */
    static void require(ClassLoader loader, String... classNames) throws InvalidSettingException {
        for (String name : classNames) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidSettingException(AuroraProperty.PLUGINS.key(),
                        "the iam plugin needs the AWS SDK for Java 2.x module " + ARTIFACT
                        + " (and its dependencies) on the driver's classpath, or inside the .rar for the resource adapter; "
                        + "class " + name + " could not be loaded (" + e + "). Add " + ARTIFACT + " or remove iam from plugins.");
            }
        }
    }
}
