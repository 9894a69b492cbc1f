package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * An AWS resource a finding judges, beside the region's logging configuration itself: a bucket, a log group,
 * a role or a KMS key; for change detection, a CloudTrail trail or an EventBridge rule; for an organization
 * audit, an account it could not enter, or an audited account's Security Hub CSPM that does not take its findings.
 *
 * @param arn the resource's ARN
 * @param region where the resource is, or the audited region for global ones (IAM)
 */
public record Resource(Kind kind, String arn, String region) {

    /** What kind of resource it is. */
    public enum Kind {
        S3_BUCKET,
        LOG_GROUP,
        IAM_ROLE,
        KMS_KEY,
        CLOUDTRAIL_TRAIL,
        EVENTBRIDGE_RULE,
        /** A member account that an organization audit could not enter. */
        AWS_ACCOUNT,
        /** An audited member account's Security Hub CSPM in one region, which refuses its findings. */
        SECURITY_HUB
    }

    /** How Security Hub CSPM's own account-level findings name an account: this, then its id. */
    public static final String ACCOUNT_ID_PREFIX = "AWS::::Account:";

    /** An account as Security Hub CSPM's own account-level findings name it. */
    public static Resource account(String accountId, String region) {
        return new Resource(Kind.AWS_ACCOUNT, ACCOUNT_ID_PREFIX + accountId, region);
    }

    /** An account's Security Hub CSPM in one region, by the ARN of its hub. */
    public static Resource hub(String partition, String accountId, String region) {
        return new Resource(Kind.SECURITY_HUB, "arn:" + partition + ":securityhub:" + region + ":" + accountId
                + ":hub/default", region);
    }

    public Resource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(region, "region");
    }
}
