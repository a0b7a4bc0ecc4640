package dev.aurorajca.driver.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * Where the plugins that call AWS get credentials: the profile named by {@code awsProfile} when
 * it is set, otherwise the SDK default chain (system properties, environment, web identity,
 * profile, container, instance). Links to the SDK: call it only after {@link AwsSdk#require}.
 */
public final class AwsCredentialSources {

    private AwsCredentialSources() { }

    /**
     * A new provider for {@code awsProfile} (empty: the default chain). Each caller gets its own,
     * not the SDK's shared singleton, so two runtimes never share credential state.
     */
    public static AwsCredentialsProvider provider(String awsProfile) {
        return awsProfile == null || awsProfile.isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(awsProfile).build();
    }
}
