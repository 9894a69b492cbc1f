package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.policies.BucketPolicyEvaluator;
import dev.bedrockauditor.policies.PolicyVerdict;
import dev.bedrockauditor.policies.TrustPolicyEvaluator;
import java.util.Optional;

/**
 * Every configured destination can receive logs: buckets exist in the audited region and let Bedrock
 * write under the prefix; the log group exists; the role exists and trusts Bedrock.
 */
public final class DestinationCheck extends DestinationControl {

    public static final String ID = "bedrock-invocation-logging-destination";

    public DestinationCheck(ControlMetadata control) {
        super(control, "no destination receives logs", "No destination to check.");
    }

    @Override
    void assess(RegionEvidence evidence, DestinationEvidence destinations, Assessment assessment) {
        destinations.buckets().forEach(bucket -> bucket(evidence, bucket, assessment));
        destinations.logGroup().ifPresent(group -> logGroup(evidence.region(), group, assessment));
        if (destinations.logGroup().isPresent() && destinations.role().isEmpty()) {
            assessment.problem("the CloudWatch destination names no role for Bedrock to assume");
        }
        destinations.role().ifPresent(role -> role(evidence, role, assessment));
    }

    private static void bucket(RegionEvidence evidence, BucketEvidence bucket, Assessment assessment) {
        String name = bucket.describe();
        if (unreadable(bucket.region(), assessment)) {
            return;
        }
        Optional<String> region = bucket.region().knownValue();
        if (region.isEmpty()) {
            assessment.problem(name + " does not exist");
            return;
        }
        if (!region.get().equals(evidence.region())) {
            assessment.problem(name + " is in " + region.get() + ", not " + evidence.region() + ": "
                    + DestinationEvidence.SAME_ACCOUNT_AND_REGION);
            return;
        }
        if (unreadable(bucket.policy(), assessment)) {
            return;
        }
        Optional<String> policy = bucket.policy().knownValue();
        if (policy.isEmpty()) {
            assessment.problem(name + " has no bucket policy, so bedrock.amazonaws.com cannot write to it");
            return;
        }
        PolicyVerdict verdict = BucketPolicyEvaluator.evaluate(policy.get(), bucket.destination().bucketName(),
                bucket.destination().keyPrefix(), evidence.accountId(), evidence.region(), evidence.partition());
        record(name + " policy", name + " exists in " + evidence.region(), verdict, assessment);
    }

    private static void logGroup(String region, LogGroupEvidence group, Assessment assessment) {
        if (unreadable(group.group(), assessment)) {
            return;
        }
        if (group.group().knownValue().isEmpty()) {
            assessment.problem("log group " + group.name() + " does not exist in " + region);
        } else {
            assessment.verified("log group " + group.name() + " exists");
        }
    }

    private static void role(RegionEvidence evidence, RoleEvidence role, Assessment assessment) {
        Optional<String> account = role.accountId();
        if (account.isEmpty()) {
            assessment.problem(role.arn() + " is not an IAM role ARN");
            return;
        }
        if (!account.get().equals(evidence.accountId())) {
            assessment.problem("role " + role.arn() + " belongs to account " + account.get() + ": "
                    + DestinationEvidence.SAME_ACCOUNT_AND_REGION);
            return;
        }
        if (unreadable(role.trustPolicy(), assessment)) {
            return;
        }
        Optional<String> trust = role.trustPolicy().knownValue();
        if (trust.isEmpty()) {
            assessment.problem("role " + role.arn() + " does not exist");
            return;
        }
        PolicyVerdict verdict = TrustPolicyEvaluator.evaluate(trust.get(), evidence.accountId(), evidence.region(),
                evidence.partition());
        record("role " + role.arn() + " trust policy", "role " + role.arn() + " exists", verdict, assessment);
    }

    /** Notes an unreadable fact; true when there is nothing more to assess from it. */
    static boolean unreadable(Observed<?> fact, Assessment assessment) {
        fact.unreadableReason().ifPresent(assessment::unreadable);
        return fact.unreadableReason().isPresent();
    }

    private static void record(String policyName, String context, PolicyVerdict verdict, Assessment assessment) {
        String notes = verdict.notes().isEmpty() ? "" : " (" + String.join("; ", verdict.notes()) + ")";
        if (verdict instanceof PolicyVerdict.Allowed allowed) {
            assessment.verified(context + " and " + allowed.how() + notes);
        } else if (verdict instanceof PolicyVerdict.Refused refused) {
            assessment.problem(policyName + ": " + refused.why() + notes);
        } else {
            assessment.unreadable(policyName + " could not be evaluated: " + ((PolicyVerdict.Unreadable) verdict).why());
        }
    }
}
