package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.KeyEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.RolePolicies;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.fix.FixCommands;
import dev.bedrockauditor.policies.BucketPolicyEvaluator;
import dev.bedrockauditor.policies.KeyPolicyEvaluator;
import dev.bedrockauditor.policies.PolicyVerdict;
import dev.bedrockauditor.policies.RolePermissionsEvaluator;
import dev.bedrockauditor.policies.TrustPolicyEvaluator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Judges each destination a region's configuration names: whether Bedrock can write to it, why not, and how
 * to repair it. The destination control reports every part; the enabled control and the report's summary
 * ask whether a primary destination (the log bucket, or the log group with its role) works, since a
 * configuration whose destinations are all broken records nothing.
 */
final class DestinationJudge {

    /**
     * One destination judged.
     *
     * @param primary whether Bedrock records invocations there (the large-data bucket only takes overflow)
     * @param name how details name it, e.g. "S3 s3://logs/bedrock/"
     */
    record Part(boolean primary, String name, Assessment assessment) {}

    private final Set<DataType> required;
    private final int minRetentionDays;

    /**
     * @param required the data types a repaired configuration must deliver
     * @param minRetentionDays the retention a re-created log group gets
     */
    DestinationJudge(Set<DataType> required, int minRetentionDays) {
        this.required = Set.copyOf(EnumSet.copyOf(required));
        this.minRetentionDays = minRetentionDays;
    }

    /** Every destination of a region where logging is on. */
    List<Part> parts(RegionEvidence evidence) {
        DestinationEvidence destinations = destinations(evidence);
        LoggingConfiguration configuration = ((LoggingState.Enabled) evidence.state()).configuration();
        List<Part> parts = new ArrayList<>();
        for (BucketEvidence bucket : destinations.buckets()) {
            Assessment assessment = new Assessment();
            bucket(evidence, bucket, assessment);
            boolean primary = bucket.purpose().equals(DestinationEvidence.LOG_BUCKET);
            parts.add(new Part(primary, (primary ? "S3 " : "large data ") + bucket.destination().uri(), assessment));
        }
        destinations.logGroup().ifPresent(group -> {
            Assessment assessment = new Assessment();
            logGroup(evidence, group, assessment);
            if (destinations.role().isEmpty()) {
                assessment.problem("the CloudWatch destination names no role for Bedrock to assume",
                        reconfiguration(evidence));
            }
            destinations.role().ifPresent(role -> role(evidence, role, group.name(), assessment));
            CloudWatchDestination cloudWatch = configuration.cloudWatch().orElseThrow();
            parts.add(new Part(true, "CloudWatch log group " + cloudWatch.logGroupName()
                    + (cloudWatch.roleArn().isEmpty() ? "" : " (role " + cloudWatch.roleArn() + ")"), assessment));
        });
        return parts;
    }

    /** Whether Bedrock records the region's invocations: logging is on and a primary destination works. */
    Recording recording(RegionEvidence evidence) {
        if (evidence.state() instanceof LoggingState.Disabled) {
            return Recording.NOT_RECORDING;
        }
        if (evidence.state() instanceof LoggingState.Unknown) {
            return Recording.UNKNOWN;
        }
        List<Assessment.Verdict> verdicts = parts(evidence).stream().filter(Part::primary)
                .map(part -> part.assessment().verdict()).toList();
        if (verdicts.contains(Assessment.Verdict.WORKS)) {
            return Recording.RECORDING;
        }
        return verdicts.stream().allMatch(verdict -> verdict == Assessment.Verdict.BROKEN)
                ? Recording.NOT_RECORDING : Recording.UNKNOWN;
    }

    /**
     * The configuration this region should have, when it differs from the current one: a destination Bedrock
     * can never use (a bucket in another region, a role that is missing, malformed or of another account) is
     * replaced by a new one, created first, and every required data type is on. Every control that needs the
     * configuration changed gets exactly these fixes, so a region's alert shows one command, not several that
     * would undo each other.
     */
    List<Fix> reconfiguration(RegionEvidence evidence) {
        LoggingConfiguration current = ((LoggingState.Enabled) evidence.state()).configuration();
        DestinationEvidence destinations = destinations(evidence);
        String region = evidence.region();
        List<Fix> resources = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Optional<S3Destination> s3 = current.s3().map(bucket -> replaceIfElsewhere(evidence, destinations, bucket,
                DestinationEvidence.LOG_BUCKET, resources, changes));
        EnumSet<DataType> types = EnumSet.copyOf(required);
        types.addAll(current.deliveredTypes());
        Optional<CloudWatchDestination> cloudWatch = current.cloudWatch().map(group -> {
            Optional<S3Destination> large = group.largeDataBucket().map(bucket -> replaceIfElsewhere(evidence,
                    destinations, bucket, DestinationEvidence.LARGE_DATA_BUCKET, resources, changes));
            if (large.isEmpty() && current.s3().isEmpty() && types.stream().anyMatch(DataType::onlyToS3)) {
                // Turning binary types on would deliver nothing without a bucket to take them.
                S3Destination bucket = new S3Destination(FixCommands.newBucketName(evidence.accountId(), region, true),
                        "bedrock/");
                resources.add(FixCommands.createBucket(region, bucket, DestinationEvidence.LARGE_DATA_BUCKET,
                        evidence.accountId(), evidence.partition()));
                changes.add("adding large-data bucket " + bucket.bucketName() + " for the binary data CloudWatch Logs"
                        + " cannot take");
                large = Optional.of(bucket);
            }
            String roleArn = group.roleArn();
            if (!usableRole(evidence, roleArn)) {
                roleArn = FixCommands.newRoleArn(evidence.partition(), evidence.accountId(), region);
                resources.add(FixCommands.createRole(region, roleArn, group.logGroupName(), evidence.accountId(),
                        evidence.partition()));
                changes.add(group.roleArn().isEmpty() ? "naming role " + roleArn
                        : "replacing role " + group.roleArn() + " by " + roleArn);
            }
            return new CloudWatchDestination(group.logGroupName(), roleArn, large);
        });
        EnumSet<DataType> added = EnumSet.copyOf(types);
        added.removeAll(current.deliveredTypes());
        if (!added.isEmpty()) {
            changes.add("turning on " + added.stream().map(Enum::name).collect(Collectors.joining(", ")));
        }
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Fix> fixes = new ArrayList<>(resources);
        fixes.add(FixCommands.configure(region, new LoggingConfiguration(s3, cloudWatch, types),
                "Save the logging configuration of " + region + ", " + String.join(" and ", changes)
                        + ", keeping the rest"));
        return fixes;
    }

    private S3Destination replaceIfElsewhere(RegionEvidence evidence, DestinationEvidence destinations,
            S3Destination bucket, String purpose, List<Fix> resources, List<String> changes) {
        Optional<String> where = destinations.buckets().stream()
                .filter(read -> read.purpose().equals(purpose) && read.destination().equals(bucket))
                .findFirst()
                .flatMap(read -> read.region() instanceof Observed.Known<Optional<String>> known
                        ? known.value() : Optional.empty());
        if (where.isEmpty() || where.get().equals(evidence.region())) {
            return bucket;
        }
        S3Destination replacement = new S3Destination(FixCommands.newBucketName(evidence.accountId(),
                evidence.region(), purpose.equals(DestinationEvidence.LARGE_DATA_BUCKET)), bucket.keyPrefix());
        resources.add(FixCommands.createBucket(evidence.region(), replacement, purpose, evidence.accountId(),
                evidence.partition()));
        changes.add("replacing " + purpose + " " + bucket.bucketName() + " (in " + where.get() + ") by "
                + replacement.bucketName());
        return replacement;
    }

    private static boolean usableRole(RegionEvidence evidence, String roleArn) {
        return RoleEvidence.accountInArn(roleArn).filter(evidence.accountId()::equals).isPresent();
    }

    private void bucket(RegionEvidence evidence, BucketEvidence bucket, Assessment assessment) {
        String name = bucket.describe();
        String region = evidence.region();
        assessment.resource(DestinationResources.bucket(evidence, bucket));
        if (unreadable(bucket.region(), assessment)) {
            return;
        }
        Optional<String> where = bucket.region().knownValue();
        if (where.isEmpty()) {
            assessment.problem(name + " does not exist", FixCommands.createBucket(region, bucket.destination(),
                    bucket.purpose(), evidence.accountId(), evidence.partition()));
            return;
        }
        if (!where.get().equals(region)) {
            assessment.problem(name + " is in " + where.get() + ", not " + region + ": "
                    + DestinationEvidence.SAME_ACCOUNT_AND_REGION, reconfiguration(evidence));
            return;
        }
        bucketPolicy(evidence, bucket, assessment);
        ownership(bucket, region, assessment);
        bucket.encryptionKey().ifPresent(key -> key(evidence, key, name, assessment,
                policy -> KeyPolicyEvaluator.forBucket(policy, key.arnOrNamed(), evidence.accountId(), region,
                        evidence.partition()),
                () -> FixCommands.encryptBucket(region, bucket.destination().bucketName(), evidence.accountId(),
                        evidence.partition()),
                current -> FixCommands.allowBedrockToUseKey(region, key.arnOrNamed(), current, evidence.accountId(),
                        evidence.partition())));
    }

    private void bucketPolicy(RegionEvidence evidence, BucketEvidence bucket, Assessment assessment) {
        String name = bucket.describe();
        String region = evidence.region();
        if (unreadable(bucket.policy(), assessment)) {
            return;
        }
        Optional<String> policy = bucket.policy().knownValue();
        Supplier<Fix> allow = () -> FixCommands.allowBedrockToWrite(region, bucket.destination(), policy,
                evidence.accountId(), evidence.partition());
        if (policy.isEmpty()) {
            assessment.problem(name + " has no bucket policy, so bedrock.amazonaws.com cannot write to it", allow.get());
            return;
        }
        PolicyVerdict verdict = BucketPolicyEvaluator.evaluate(policy.get(), bucket.destination().bucketName(),
                bucket.destination().keyPrefix(), evidence.accountId(), region, evidence.partition());
        record(name + " policy", name + " exists in " + region, verdict, allow, assessment);
    }

    /** The Bedrock user guide: the bucket's ACLs must be off (Object Ownership BucketOwnerEnforced). */
    private static void ownership(BucketEvidence bucket, String region, Assessment assessment) {
        if (unreadable(bucket.objectOwnership(), assessment)) {
            return;
        }
        Optional<String> setting = bucket.objectOwnership().knownValue();
        if (setting.filter(BucketEvidence.OWNER_ENFORCED::equals).isPresent()) {
            assessment.verified(bucket.describe() + " has ACLs off (Object Ownership " + BucketEvidence.OWNER_ENFORCED
                    + ")");
            return;
        }
        assessment.problem(bucket.describe() + (setting.isEmpty() ? " has no Object Ownership setting"
                        : " has Object Ownership " + setting.get()) + ", so its ACLs are on; the Bedrock user guide"
                        + " requires them off (" + BucketEvidence.OWNER_ENFORCED + ") for the bucket policy to take effect",
                FixCommands.enforceBucketOwner(region, bucket.destination().bucketName()));
    }

    /**
     * A destination's KMS key: it exists, is enabled (delivery stops while it is disabled or pending
     * deletion), and its policy lets the writing service use it.
     *
     * @param user how details name the destination, e.g. "log bucket logs"
     * @param evaluate the key policy's verdict for the service that writes the destination
     * @param replace a new key for the destination, where this one can never serve
     * @param grant the key policy with the writing service's statement added to the current one
     */
    private static void key(RegionEvidence evidence, KeyEvidence key, String user, Assessment assessment,
            Function<String, PolicyVerdict> evaluate, Supplier<Fix> replace, Function<Optional<String>, Fix> grant) {
        assessment.resource(DestinationResources.kmsKey(evidence, key.arnOrNamed()));
        if (unreadable(key.key(), assessment)) {
            return;
        }
        Optional<KeyEvidence.Key> metadata = key.key().knownValue();
        if (metadata.isEmpty()) {
            assessment.problem(user + " encrypts with KMS key " + key.named() + ", which does not exist in "
                    + key.region(), replace.get());
            return;
        }
        KeyEvidence.Key found = metadata.get();
        if (!found.enabled()) {
            assessment.problem(user + "'s KMS key " + found.arn() + " is " + found.state()
                    + ", so nothing can be written with it", FixCommands.enableKey(key.region(), found));
            return;
        }
        if (found.awsManaged()) {
            assessment.problem(user + " encrypts with the AWS managed key " + key.named() + ", whose policy lets only"
                    + " this account's principals use it and cannot be changed, so the writing service cannot",
                    replace.get());
            return;
        }
        if (unreadable(key.policy(), assessment)) {
            return;
        }
        String policy = key.policy().knownValue();
        record("KMS key " + found.arn() + " policy", "KMS key " + found.arn() + " is enabled", evaluate.apply(policy),
                () -> grant.apply(Optional.of(policy)), assessment);
    }

    private void logGroup(RegionEvidence evidence, LogGroupEvidence group, Assessment assessment) {
        assessment.resource(DestinationResources.logGroup(evidence, group.name()));
        if (unreadable(group.group(), assessment)) {
            return;
        }
        if (group.group().knownValue().isEmpty()) {
            assessment.problem("log group " + group.name() + " does not exist in " + evidence.region(),
                    FixCommands.createLogGroup(evidence.region(), group.name(), minRetentionDays, evidence.accountId(),
                            evidence.partition()));
            return;
        }
        assessment.verified("log group " + group.name() + " exists");
        String groupArn = FixCommands.logGroupArn(evidence.partition(), evidence.region(), evidence.accountId(),
                group.name());
        group.key().ifPresent(key -> key(evidence, key, "log group " + group.name(), assessment,
                policy -> KeyPolicyEvaluator.forLogGroup(policy, key.arnOrNamed(), groupArn, evidence.accountId(),
                        evidence.region()),
                () -> FixCommands.encryptLogGroup(evidence.region(), group.name(), evidence.accountId(),
                        evidence.partition()),
                current -> FixCommands.allowLogsToUseKey(evidence.region(), key.arnOrNamed(), current, group.name(),
                        evidence.accountId(), evidence.partition())));
    }

    private void role(RegionEvidence evidence, RoleEvidence role, String logGroupName, Assessment assessment) {
        Optional<String> account = role.accountId();
        if (account.isEmpty()) {
            assessment.problem(role.arn() + " is not an IAM role ARN", reconfiguration(evidence));
            return;
        }
        assessment.resource(DestinationResources.role(evidence, role.arn()));
        if (!account.get().equals(evidence.accountId())) {
            assessment.problem("role " + role.arn() + " belongs to account " + account.get() + ": "
                    + DestinationEvidence.SAME_ACCOUNT_AND_REGION, reconfiguration(evidence));
            return;
        }
        if (unreadable(role.trustPolicy(), assessment)) {
            return;
        }
        Optional<String> trust = role.trustPolicy().knownValue();
        if (trust.isEmpty()) {
            assessment.problem("role " + role.arn() + " does not exist", FixCommands.createRole(evidence.region(),
                    role.arn(), logGroupName, evidence.accountId(), evidence.partition()));
            return;
        }
        PolicyVerdict verdict = TrustPolicyEvaluator.evaluate(trust.get(), evidence.accountId(), evidence.region(),
                evidence.partition());
        record("role " + role.arn() + " trust policy", "role " + role.arn() + " exists", verdict,
                () -> FixCommands.trustBedrock(evidence.region(), role.arn(), trust, evidence.accountId(),
                        evidence.partition()), assessment);
        if (unreadable(role.permissions(), assessment)) {
            return;
        }
        RolePolicies policies = role.permissions().knownValue();
        String groupArn = FixCommands.logGroupArn(evidence.partition(), evidence.region(), evidence.accountId(),
                logGroupName);
        PolicyVerdict permissions = RolePermissionsEvaluator.evaluate(policies,
                RoleEvidence.nameInArn(role.arn()), groupArn);
        record("role " + role.arn() + " permissions (read: " + policies.describe() + ")",
                "role " + role.arn() + " policies were read (" + policies.describe() + ")", permissions,
                () -> FixCommands.allowRoleToWrite(evidence.region(), role.arn(), logGroupName, evidence.accountId(),
                        evidence.partition(), permissions), assessment);
    }

    /** Notes an unreadable fact; true when there is nothing more to assess from it. */
    static boolean unreadable(Observed<?> fact, Assessment assessment) {
        fact.unreadableReason().ifPresent(assessment::unreadable);
        return fact.unreadableReason().isPresent();
    }

    private static void record(String policyName, String context, PolicyVerdict verdict, Supplier<Fix> repair,
            Assessment assessment) {
        String notes = verdict.notes().isEmpty() ? "" : " (" + String.join("; ", verdict.notes()) + ")";
        if (verdict instanceof PolicyVerdict.Allowed allowed) {
            assessment.verified(context + " and " + allowed.how() + notes);
        } else if (verdict instanceof PolicyVerdict.Refused refused) {
            assessment.problem(policyName + ": " + refused.why() + notes, repair.get());
        } else {
            assessment.unreadable(policyName + " could not be evaluated: " + ((PolicyVerdict.Unreadable) verdict).why());
        }
    }

    private static DestinationEvidence destinations(RegionEvidence evidence) {
        return evidence.destinations().orElseThrow(
                () -> new IllegalStateException("destinations of " + evidence.region() + " were not read"));
    }
}
