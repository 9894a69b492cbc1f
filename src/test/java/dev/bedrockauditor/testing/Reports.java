package dev.bedrockauditor.testing;

import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.KeyEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.RolePolicies;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.domain.UnauditedAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Audit reports built from region states with the real controls, for unit tests of what consumes them. */
public final class Reports {

    public static final String ACCOUNT = "111122223333";
    public static final Instant STARTED = Instant.parse("2026-11-24T10:00:00Z");
    public static final Instant FINISHED = Instant.parse("2026-11-24T10:00:02Z");
    public static final ControlSuite CONTROLS = ControlSuite.standard(EnumSet.allOf(DataType.class), 90);

    private Reports() {}

    public static LoggingState logging(String bucket, Set<DataType> types) {
        return new LoggingState.Enabled(new LoggingConfiguration(
                Optional.of(new S3Destination(bucket, "")), Optional.empty(), types));
    }

    public static LoggingState fullLogging() {
        return logging("logs", EnumSet.allOf(DataType.class));
    }

    /** The bucket policy AWS's setup guide shows, for one bucket, account and region. */
    public static String setupGuideBucketPolicy(String bucket, String prefix, String account, String region) {
        String path = prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AmazonBedrockLogsWrite\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"bedrock.amazonaws.com\"},\"Action\":[\"s3:PutObject\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + bucket + "/" + path + "AWSLogs/" + account
                + "/BedrockModelInvocationLogs/*\"],\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + account
                + "\"},\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:bedrock:" + region + ":" + account + ":*\"}}}]}";
    }

    /** The trust policy AWS's setup guide shows for the CloudWatch Logs role. */
    public static String setupGuideTrustPolicy(String account) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"bedrock.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:SourceAccount\":\"" + account + "\"}}}]}";
    }

    /** The key policy AWS's setup guide adds for an SSE-KMS log bucket, beside the account's own statement. */
    public static String setupGuideKeyPolicy(String account, String region) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AccountAdministers\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"BedrockEncrypts\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"bedrock.amazonaws.com\"},"
                + "\"Action\":\"kms:GenerateDataKey\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:SourceAccount\":\"" + account + "\"},\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:bedrock:" + region
                + ":" + account + ":*\"}}}]}";
    }

    /** The key policy CloudWatch Logs' guide shows for an encrypted log group. */
    public static String logsKeyPolicy(String account, String region, String logGroup) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AccountAdministers\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs." + region + ".amazonaws.com\"},"
                + "\"Action\":[\"kms:Encrypt*\",\"kms:Decrypt*\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\","
                + "\"kms:Describe*\"],\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":{"
                + "\"kms:EncryptionContext:aws:logs:arn\":\"arn:aws:logs:" + region + ":" + account + ":log-group:"
                + logGroup + "\"}}}]}";
    }

    /** The permissions policy AWS's setup guide gives the CloudWatch Logs role. */
    public static String setupGuideRolePolicy(String account, String region, String logGroup) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:" + region + ":"
                + account + ":log-group:" + logGroup + ":log-stream:aws/bedrock/modelinvocations\"}]}";
    }

    /** A key as DescribeKey and GetKeyPolicy report a healthy one. */
    public static KeyEvidence healthyKey(String region, String name, String policy) {
        String arn = "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + name;
        return new KeyEvidence(arn, region, Observed.known(Optional.of(new KeyEvidence.Key(arn, "Enabled", false))),
                Observed.known(policy));
    }

    /** Destinations that pass every destination control. */
    public static DestinationEvidence healthy(String region, LoggingConfiguration configuration) {
        List<BucketEvidence> buckets = new ArrayList<>();
        configuration.s3().ifPresent(bucket -> buckets.add(healthyBucket(region, bucket, DestinationEvidence.LOG_BUCKET)));
        configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket).ifPresent(bucket ->
                buckets.add(healthyBucket(region, bucket, DestinationEvidence.LARGE_DATA_BUCKET)));
        return new DestinationEvidence(buckets,
                configuration.cloudWatch().map(group -> healthyLogGroup(region, group.logGroupName(), 365)),
                configuration.cloudWatch().map(group -> healthyRole(region, group.roleArn(), group.logGroupName())));
    }

    /** A log group encrypted with a key CloudWatch Logs may use, keeping events the days given. */
    public static LogGroupEvidence healthyLogGroup(String region, String name, int retentionDays) {
        KeyEvidence key = healthyKey(region, "1", logsKeyPolicy(ACCOUNT, region, name));
        return new LogGroupEvidence(name, Observed.known(Optional.of(new LogGroupEvidence.Settings(
                Optional.of(key.named()), Optional.of(retentionDays)))), Optional.of(key));
    }

    /** A role as the setup guide builds it: trusting Bedrock, with the guide's inline policy. */
    public static RoleEvidence healthyRole(String region, String roleArn, String logGroup) {
        return new RoleEvidence(roleArn, Observed.known(Optional.of(setupGuideTrustPolicy(ACCOUNT))),
                Observed.known(new RolePolicies(List.of(new RolePolicies.Policy("BedrockWritesLogs",
                        setupGuideRolePolicy(ACCOUNT, region, logGroup))), List.of(), Optional.empty())));
    }

    public static BucketEvidence healthyBucket(String region, S3Destination bucket, String purpose) {
        KeyEvidence key = healthyKey(region, "logs", setupGuideKeyPolicy(ACCOUNT, region));
        return new BucketEvidence(bucket, purpose, Observed.known(Optional.of(region)),
                Observed.known(Optional.of(setupGuideBucketPolicy(bucket.bucketName(), bucket.keyPrefix(), ACCOUNT,
                        region))),
                Observed.known(Optional.of(new BucketEvidence.Encryption("aws:kms", Optional.of(key.named())))),
                Observed.known(Optional.of(new BucketEvidence.PublicAccessBlock(true, true, true, true))),
                Observed.known("Enabled"), Observed.known(false), Observed.known(Optional.of(BucketEvidence.OWNER_ENFORCED)),
                Optional.of(key), Optional.empty());
    }

    /** The evidence the engine gives the checks: healthy destinations where logging is on. */
    public static RegionEvidence evidence(String region, LoggingState state) {
        Optional<DestinationEvidence> destinations = state instanceof LoggingState.Enabled enabled
                ? Optional.of(healthy(region, enabled.configuration())) : Optional.empty();
        return new RegionEvidence(region, ACCOUNT, "aws", state, destinations);
    }

    public static AuditReport of(Map<String, LoggingState> states) {
        return of(states, RegionScope.Source.EXPLICIT, List.of());
    }

    /** A report of regions whose destinations are as given, e.g. a bucket without a policy. */
    public static AuditReport ofEvidence(List<RegionEvidence> regions) {
        TreeMap<String, LoggingState> states = new TreeMap<>();
        TreeMap<String, Recording> recording = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        regions.stream().sorted(java.util.Comparator.comparing(RegionEvidence::region)).forEach(evidence -> {
            states.put(evidence.region(), evidence.state());
            recording.put(evidence.region(), CONTROLS.recording(evidence));
            findings.addAll(CONTROLS.evaluate(evidence));
        });
        return new AuditReport(ACCOUNT, "aws", "us-east-1", STARTED, FINISHED,
                new RegionScope(List.copyOf(states.keySet()), RegionScope.Source.EXPLICIT), states, recording,
                CONTROLS.metadata(), findings, List.of());
    }

    public static AuditReport of(Map<String, LoggingState> states, RegionScope.Source source, List<String> warnings) {
        TreeMap<String, LoggingState> sorted = new TreeMap<>(states);
        List<Finding> findings = new ArrayList<>();
        TreeMap<String, Recording> recording = new TreeMap<>();
        sorted.forEach((region, state) -> {
            findings.addAll(CONTROLS.evaluate(evidence(region, state)));
            recording.put(region, CONTROLS.recording(evidence(region, state)));
        });
        return new AuditReport(ACCOUNT, "aws", "us-east-1", STARTED, FINISHED,
                new RegionScope(List.copyOf(sorted.keySet()), source), sorted, recording, CONTROLS.metadata(), findings,
                warnings);
    }

    /**
     * The same report as another account's, for organization runs: only the account id differs, so the findings
     * (and the account their fixes name) stay {@link #ACCOUNT}'s.
     */
    public static AuditReport inAccount(String accountId, AuditReport report) {
        return new AuditReport(accountId, report.partition(), report.homeRegion(), report.startedAt(),
                report.finishedAt(), report.scope(), report.states(), report.recording(), report.controls(),
                report.findings(), report.warnings());
    }

    /**
     * An organization run from {@link #ACCOUNT} with home region us-east-1, not published, whose member-accounts
     * finding is the one the real check gives for the accounts not audited (and no hub problems).
     */
    public static OrganizationReport organization(List<OrganizationReport.AccountAudit> audited,
            List<UnauditedAccount> unaudited) {
        Finding coverage = new MemberAccountsCheck().evaluate("us-east-1", audited.size(), unaudited, List.of());
        return new OrganizationReport(ACCOUNT, "aws", "us-east-1", STARTED, FINISHED,
                "every account of the organization", audited, unaudited, coverage, Optional.empty());
    }
}
