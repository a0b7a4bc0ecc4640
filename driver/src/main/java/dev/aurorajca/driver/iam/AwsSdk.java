package dev.aurorajca.driver.iam;

import dev.aurorajca.driver.config.InvalidSettingException;

/** What the iam plugin needs of the AWS SDK; the check itself is {@link dev.aurorajca.driver.aws.AwsSdk}. */
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
        dev.aurorajca.driver.aws.AwsSdk.require(loader, "iam", ARTIFACT, classNames);
    }
}
