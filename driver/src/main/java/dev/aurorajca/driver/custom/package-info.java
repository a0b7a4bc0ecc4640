/**
 * The {@code custom_endpoint} plugin: members of an Aurora custom endpoint read with
 * {@code DescribeDBClusterEndpoints}, one monitor per endpoint in the runtime. Only
 * {@link dev.aurorajca.driver.custom.SdkEndpointInfoFetcher} links to the AWS SDK.
 */
package dev.aurorajca.driver.custom;
