package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.engine.AccountIdentitySource;
import software.amazon.awssdk.core.exception.SdkException;

/** The account id from sts:GetCallerIdentity, which needs no IAM permission. */
public final class StsAccountIdentity implements AccountIdentitySource {

    private final AwsClients clients;
    private final String homeRegion;
    private final FailureReasons reasons;

    public StsAccountIdentity(AwsClients clients, String homeRegion, FailureReasons reasons) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.reasons = reasons;
    }

    @Override
    public String accountId() {
        try {
            return clients.sts(homeRegion).getCallerIdentity().account();
        } catch (SdkException e) {
            throw new ConfigurationException("cannot identify the AWS account (sts:GetCallerIdentity in " + homeRegion
                    + "): " + reasons.describe(e, "sts:GetCallerIdentity"), e);
        }
    }
}
