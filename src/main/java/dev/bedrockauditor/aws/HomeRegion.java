package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The home region, from the SDK's region chain: AWS_REGION, the aws.region property, the AWS profile, ... */
public final class HomeRegion {

    private HomeRegion() {}

    public static String resolve() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConfigurationException("no home region is configured: set AWS_REGION (or a region in your"
                    + " AWS profile); it selects the partition to audit and where account-wide calls go", e);
        }
    }
}
