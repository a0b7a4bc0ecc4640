package dev.aurorajca.driver.iam;

import java.time.Clock;

/**
 * Signs IAM authentication tokens. An interface of our own so that the plugin's class never names
 * an AWS SDK type and loads without the SDK.
 */
interface TokenGenerator {

    /**
     * A token for {@code key}: a SigV4 presigned {@code rds-db:connect} URL without its scheme,
     * valid for 15 minutes from {@link #clock()}'s now. Runtime exceptions come from the SDK
     * (credentials that cannot be resolved); their messages never contain a token.
     */
    String generate(TokenKey key);

    /** The clock tokens are signed with; the cache measures token age with the same clock. */
    Clock clock();
}
