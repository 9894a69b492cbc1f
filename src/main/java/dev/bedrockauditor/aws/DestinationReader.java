package dev.bedrockauditor.aws;

import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.BucketEvidence.PublicAccessBlock;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.engine.DestinationSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Reads what the destinations of a region's logging configuration look like: S3 buckets (existence,
 * region, policy, encryption, public access block, versioning, Object Lock), the CloudWatch Logs group
 * (existence, KMS key, retention) and the role Bedrock assumes (existence, trust policy). Every fact is read
 * at once and on its own, so the region waits one round trip, and one refused read leaves the others intact.
 */
public final class DestinationReader implements DestinationSource {

    /** S3 error codes that mean "not configured", which is a fact, not a failure to read. */
    private static final Set<String> NOT_CONFIGURED = Set.of("NoSuchBucketPolicy",
            "ServerSideEncryptionConfigurationNotFoundError", "NoSuchPublicAccessBlockConfiguration",
            "ObjectLockConfigurationNotFoundError");

    private final AwsClients clients;
    private final String homeRegion;
    private final FailureReasons reasons;
    private final Workers workers;

    /** @param workers where the reads run, every one at once: none waits for another */
    public DestinationReader(AwsClients clients, String homeRegion, FailureReasons reasons, Workers workers) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.reasons = reasons;
        this.workers = workers;
    }

    @Override
    public DestinationEvidence read(String region, String accountId, LoggingConfiguration configuration) {
        List<CompletableFuture<BucketEvidence>> buckets = new ArrayList<>();
        configuration.s3().ifPresent(bucket -> buckets.add(bucket(region, bucket, DestinationEvidence.LOG_BUCKET)));
        configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket).ifPresent(bucket ->
                buckets.add(bucket(region, bucket, DestinationEvidence.LARGE_DATA_BUCKET)));
        Optional<CompletableFuture<Observed<Optional<LogGroupEvidence.Settings>>>> logGroup = configuration.cloudWatch()
                .map(group -> logGroup(region, group.logGroupName()));
        Optional<CompletableFuture<Observed<Optional<String>>>> trust = configuration.cloudWatch()
                .filter(group -> !group.roleArn().isEmpty())
                .map(group -> trustPolicy(accountId, group.roleArn()));
        return new DestinationEvidence(
                buckets.stream().map(CompletableFuture::join).toList(),
                configuration.cloudWatch().map(group -> new LogGroupEvidence(group.logGroupName(),
                        logGroup.orElseThrow().join())),
                configuration.cloudWatch().filter(group -> !group.roleArn().isEmpty())
                        .map(group -> new RoleEvidence(group.roleArn(), trust.orElseThrow().join())));
    }

    /**
     * Every fact of a bucket, read at once. Where the bucket turns out not to exist (or cannot be seen), the
     * other answers are set aside: its existence decides what can be said of the rest.
     */
    private CompletableFuture<BucketEvidence> bucket(String region, S3Destination destination, String purpose) {
        S3Client s3 = clients.s3(region);
        String name = destination.bucketName();
        String what = purpose + " " + name;
        // GetBucketLocation, not HeadBucket: it needs s3:GetBucketLocation rather than s3:ListBucket, which
        // would also let the auditor list every bucket's object keys.
        CompletableFuture<Observed<Optional<String>>> location = read(what + " existence and region",
                "s3:GetBucketLocation", () -> {
                    try {
                        return Optional.of(region(s3.getBucketLocation(request -> request.bucket(name))
                                .locationConstraintAsString()));
                    } catch (NoSuchBucketException missing) {
                        return Optional.empty();
                    }
                });
        CompletableFuture<Observed<Optional<String>>> policy = readOptional(what + " policy", "s3:GetBucketPolicy",
                () -> s3.getBucketPolicy(request -> request.bucket(name)).policy());
        CompletableFuture<Observed<Optional<BucketEvidence.Encryption>>> encryption = readOptional(
                what + " default encryption", "s3:GetEncryptionConfiguration",
                () -> s3.getBucketEncryption(request -> request.bucket(name))
                        .serverSideEncryptionConfiguration().rules().stream()
                        .map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
                        .filter(rule -> rule != null && rule.sseAlgorithmAsString() != null)
                        .map(rule -> new BucketEvidence.Encryption(rule.sseAlgorithmAsString(),
                                Optional.ofNullable(rule.kmsMasterKeyID()).filter(id -> !id.isBlank())))
                        .findFirst().orElse(null));
        CompletableFuture<Observed<Optional<PublicAccessBlock>>> publicAccess = readOptional(
                what + " public access block", "s3:GetBucketPublicAccessBlock", () -> {
                    PublicAccessBlockConfiguration block = s3.getPublicAccessBlock(request -> request.bucket(name))
                            .publicAccessBlockConfiguration();
                    return new PublicAccessBlock(isTrue(block.blockPublicAcls()), isTrue(block.ignorePublicAcls()),
                            isTrue(block.blockPublicPolicy()), isTrue(block.restrictPublicBuckets()));
                });
        CompletableFuture<Observed<String>> versioning = read(what + " versioning", "s3:GetBucketVersioning", () -> {
            String status = s3.getBucketVersioning(request -> request.bucket(name)).statusAsString();
            return status == null || status.isBlank() ? "Off" : status;
        });
        CompletableFuture<Observed<Boolean>> objectLock = readOptional(what + " Object Lock",
                "s3:GetBucketObjectLockConfiguration",
                () -> s3.getObjectLockConfiguration(request -> request.bucket(name))
                        .objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED)
                .thenApply(observed -> observed.map(enabled -> enabled.orElse(false)));
        return CompletableFuture.allOf(location, policy, encryption, publicAccess, versioning, objectLock)
                .thenApply(done -> {
                    Observed<Optional<String>> where = location.join();
                    if (!(where instanceof Observed.Known<Optional<String>> known) || known.value().isEmpty()) {
                        // A bucket that does not exist (or cannot be seen) has nothing more to read.
                        String why = where instanceof Observed.Unreadable<Optional<String>> unreadable
                                ? unreadable.reason() : what + " does not exist";
                        return new BucketEvidence(destination, purpose, where, Observed.unreadable(why),
                                Observed.unreadable(why), Observed.unreadable(why), Observed.unreadable(why),
                                Observed.unreadable(why));
                    }
                    return new BucketEvidence(destination, purpose, where, policy.join(), encryption.join(),
                            publicAccess.join(), versioning.join(), objectLock.join());
                });
    }

    private CompletableFuture<Observed<Optional<LogGroupEvidence.Settings>>> logGroup(String region, String name) {
        return read("log group " + name, "logs:DescribeLogGroups", () -> {
            for (LogGroup group : clients.logs(region)
                    .describeLogGroupsPaginator(request -> request.logGroupNamePrefix(name))
                    .logGroups()) {
                if (name.equals(group.logGroupName())) {
                    return Optional.of(new LogGroupEvidence.Settings(Optional.ofNullable(group.kmsKeyId()),
                            Optional.ofNullable(group.retentionInDays())));
                }
            }
            return Optional.empty();
        });
    }

    private CompletableFuture<Observed<Optional<String>>> trustPolicy(String accountId, String roleArn) {
        Optional<String> roleAccount = RoleEvidence.accountInArn(roleArn);
        if (roleAccount.isEmpty() || !roleAccount.get().equals(accountId)) {
            // Not readable from here, and judged by the check from the ARN alone.
            return CompletableFuture.completedFuture(Observed.unreadable("role " + roleArn
                    + " is not an IAM role of account " + accountId));
        }
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return read("role " + name + " trust policy", "iam:GetRole", () -> {
            try {
                String document = clients.iam(homeRegion).getRole(request -> request.roleName(name)).role()
                        .assumeRolePolicyDocument();
                // IAM returns policy documents URL-encoded.
                return Optional.of(URLDecoder.decode(document, StandardCharsets.UTF_8));
            } catch (NoSuchEntityException missing) {
                return Optional.empty();
            }
        });
    }

    /**
     * Starts reading one fact; a failure becomes the reason it could not be read, naming the fact and the
     * permission.
     */
    private <T> CompletableFuture<Observed<T>> read(String fact, String action, Supplier<T> call) {
        return workers.start(() -> {
            try {
                return Observed.known(call.get());
            } catch (SdkException e) {
                return Observed.unreadable(unreadable(fact, action, e));
            }
        }, error -> Observed.unreadable(internalError(fact, error)));
    }

    /** S3 also refuses a bucket of another account this way, which Bedrock could not use anyway. */
    private String unreadable(String fact, String action, SdkException e) {
        String reason = fact + " not readable: " + reasons.describe(e, action);
        if (action.startsWith("s3:") && reason.contains("AccessDenied")) {
            reason += "; or the bucket belongs to another account (" + DestinationEvidence.SAME_ACCOUNT_AND_REGION + ")";
        }
        return reason;
    }

    /** Like {@link #read}, where S3's "not configured" error means the setting is absent. */
    private <T> CompletableFuture<Observed<Optional<T>>> readOptional(String fact, String action, Supplier<T> call) {
        return workers.start(() -> {
            try {
                return Observed.known(Optional.ofNullable(call.get()));
            } catch (AwsServiceException e) {
                if (e.awsErrorDetails() != null && NOT_CONFIGURED.contains(e.awsErrorDetails().errorCode())) {
                    return Observed.known(Optional.empty());
                }
                return Observed.unreadable(unreadable(fact, action, e));
            } catch (SdkException e) {
                return Observed.unreadable(unreadable(fact, action, e));
            }
        }, error -> Observed.unreadable(internalError(fact, error)));
    }

    /** A bug, not AWS: said as such, so the fact is reported rather than lost. */
    private static String internalError(String fact, Throwable error) {
        return fact + " not read: internal error " + error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** S3 names us-east-1 by an empty constraint and eu-west-1, for old buckets, by "EU". */
    static String region(String locationConstraint) {
        if (locationConstraint == null || locationConstraint.isEmpty()) {
            return "us-east-1";
        }
        return locationConstraint.equals("EU") ? "eu-west-1" : locationConstraint;
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
