package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The home region, from the SDK's region chain: AWS_REGION, the aws.region property, the AWS profile, ... */
public final class HomeRegion {

    private HomeRegion() {}

    /** @throws ConfigurationException naming a missing profile, an unreadable profile file or the lack of a region */
    public static String resolve() {
        // Checked here, the first step and before any AWS call, since the region chain would pass over a missing
        // profile or a malformed file in silence.
        ProfileFiles.ofSdkSettings().check();
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConfigurationException("no home region is configured: set AWS_REGION (or a region in your"
                    + " AWS profile); it selects the partition to audit and where account-wide calls go", e);
        }
    }
}
