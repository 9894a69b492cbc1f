package dev.bedrockauditor.testing;

import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.Recording;
import dev.bedrockauditor.domain.RegionEvidence;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.S3Destination;
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

    /** Destinations that pass every destination control. */
    public static DestinationEvidence healthy(String region, LoggingConfiguration configuration) {
        List<BucketEvidence> buckets = new ArrayList<>();
        configuration.s3().ifPresent(bucket -> buckets.add(healthyBucket(region, bucket, DestinationEvidence.LOG_BUCKET)));
        configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket).ifPresent(bucket ->
                buckets.add(healthyBucket(region, bucket, DestinationEvidence.LARGE_DATA_BUCKET)));
        return new DestinationEvidence(buckets,
                configuration.cloudWatch().map(group -> new LogGroupEvidence(group.logGroupName(), Observed.known(
                        Optional.of(new LogGroupEvidence.Settings(Optional.of("arn:aws:kms:" + region + ":" + ACCOUNT
                                + ":key/1"), Optional.of(365)))))),
                configuration.cloudWatch().map(group -> new RoleEvidence(group.roleArn(),
                        Observed.known(Optional.of(setupGuideTrustPolicy(ACCOUNT))))));
    }

    public static BucketEvidence healthyBucket(String region, S3Destination bucket, String purpose) {
        return new BucketEvidence(bucket, purpose, Observed.known(Optional.of(region)),
                Observed.known(Optional.of(setupGuideBucketPolicy(bucket.bucketName(), bucket.keyPrefix(), ACCOUNT,
                        region))),
                Observed.known(Optional.of(new BucketEvidence.Encryption("aws:kms",
                        Optional.of("arn:aws:kms:" + region + ":" + ACCOUNT + ":key/logs")))),
                Observed.known(Optional.of(new BucketEvidence.PublicAccessBlock(true, true, true, true))),
                Observed.known("Enabled"), Observed.known(false));
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
}
