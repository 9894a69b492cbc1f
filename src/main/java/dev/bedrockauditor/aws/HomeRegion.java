package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The home region, as the AWS CLI finds it: the SDK's region chain (the aws.region property, AWS_REGION, the AWS
 * profile, ...), with AWS_DEFAULT_REGION, which the CLI reads and the SDK does not, between AWS_REGION and the
 * profile, where the CLI puts it.
 */
public final class HomeRegion {

    private static final String CLI_DEFAULT_REGION = "AWS_DEFAULT_REGION";

    private HomeRegion() {}

    /**
     * AWS_REGION, else AWS_DEFAULT_REGION, among these variables (blank counts as unset), stripped: the order the
     * AWS CLI reads them in, for the command line's chain below and for the Lambda handler's environment alike.
     */
    public static Optional<String> fromVariables(Map<String, String> variables) {
        return Stream.of(SdkSystemSetting.AWS_REGION.environmentVariable(), CLI_DEFAULT_REGION).map(variables::get)
                .filter(value -> value != null && !value.isBlank()).map(String::strip).findFirst();
    }

    /** @throws ConfigurationException naming a missing profile, an unreadable profile file or the lack of a region */
    public static String resolve() {
        // Checked here, the first step and before any AWS call, since the region chain would pass over a missing
        // profile or a malformed file in silence.
        ProfileFiles.ofSdkSettings().check();
        // An empty AWS_REGION (or aws.region) counts as unset, as the auditor's own variables do, so it does not
        // hide AWS_DEFAULT_REGION.
        if (SdkSystemSetting.AWS_REGION.getStringValue().filter(value -> !value.isBlank()).isEmpty()) {
            // AWS_REGION is blank here, so this is AWS_DEFAULT_REGION, if set.
            Optional<String> cliDefault = fromVariables(System.getenv());
            if (cliDefault.isPresent()) {
                return cliDefault.get();
            }
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConfigurationException("no home region is configured: set AWS_REGION (or AWS_DEFAULT_REGION, or"
                    + " a region in your AWS profile); it selects the partition to audit and where account-wide calls"
                    + " go", e);
        }
    }
}
