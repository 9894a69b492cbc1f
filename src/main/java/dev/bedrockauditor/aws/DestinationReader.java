package dev.bedrockauditor.aws;

import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.domain.BucketEvidence;
import dev.bedrockauditor.domain.BucketEvidence.PublicAccessBlock;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DestinationEvidence;
import dev.bedrockauditor.domain.KeyEvidence;
import dev.bedrockauditor.domain.LogGroupEvidence;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.Observed;
import dev.bedrockauditor.domain.RoleEvidence;
import dev.bedrockauditor.domain.RolePolicies;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.engine.DestinationSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Reads what the destinations of a region's logging configuration look like: S3 buckets (existence, region,
 * policy, encryption and its KMS key, public access block, versioning, Object Lock, Object Ownership), the
 * CloudWatch Logs group (existence, KMS key, retention) and the role Bedrock assumes (existence, trust
 * policy, permission policies). Every fact is read as soon as what it depends on is known, all at once and
 * on its own, so one refused read leaves the others intact. Only three reads wait for another: a KMS key
 * for the encryption that names it, a role's policy documents for their names, and the account's public
 * access block for a bucket block that is not complete.
 */
public final class DestinationReader implements DestinationSource {

    /** S3 error codes that mean "not configured", which is a fact, not a failure to read. */
    private static final Set<String> NOT_CONFIGURED = Set.of("NoSuchBucketPolicy",
            "ServerSideEncryptionConfigurationNotFoundError", "NoSuchPublicAccessBlockConfiguration",
            "ObjectLockConfigurationNotFoundError", "OwnershipControlsNotFoundError");

    /** What S3 uses for SSE-KMS or DSSE-KMS when the bucket names no key. */
    static final String DEFAULT_S3_KEY = "alias/aws/s3";

    private final AwsClients clients;
    private final String homeRegion;
    private final FactReader facts;

    /** @param workers where the reads run, every one at once: none waits for another it does not need */
    public DestinationReader(AwsClients clients, String homeRegion, FailureReasons reasons, Workers workers) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.facts = new FactReader(reasons, workers);
    }

    @Override
    public DestinationEvidence read(String region, String accountId, LoggingConfiguration configuration) {
        List<CompletableFuture<BucketEvidence>> buckets = new ArrayList<>();
        configuration.s3().ifPresent(bucket -> buckets.add(bucket(region, accountId, bucket,
                DestinationEvidence.LOG_BUCKET)));
        configuration.cloudWatch().flatMap(CloudWatchDestination::largeDataBucket).ifPresent(bucket ->
                buckets.add(bucket(region, accountId, bucket, DestinationEvidence.LARGE_DATA_BUCKET)));
        Optional<CompletableFuture<LogGroupEvidence>> logGroup = configuration.cloudWatch()
                .map(group -> logGroup(region, group.logGroupName()));
        Optional<CompletableFuture<RoleEvidence>> role = configuration.cloudWatch()
                .filter(group -> !group.roleArn().isEmpty())
                .map(group -> role(accountId, group.roleArn()));
        return new DestinationEvidence(buckets.stream().map(CompletableFuture::join).toList(),
                logGroup.map(CompletableFuture::join), role.map(CompletableFuture::join));
    }

    /**
     * Every fact of a bucket, read at once. Where the bucket turns out not to exist (or cannot be seen), the
     * other answers are set aside: its existence decides what can be said of the rest.
     */
    private CompletableFuture<BucketEvidence> bucket(String region, String accountId, S3Destination destination,
            String purpose) {
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
                what + " public access block", "s3:GetBucketPublicAccessBlock",
                () -> block(s3.getPublicAccessBlock(request -> request.bucket(name)).publicAccessBlockConfiguration()));
        CompletableFuture<Observed<String>> versioning = read(what + " versioning", "s3:GetBucketVersioning", () -> {
            String status = s3.getBucketVersioning(request -> request.bucket(name)).statusAsString();
            return status == null || status.isBlank() ? "Off" : status;
        });
        CompletableFuture<Observed<Boolean>> objectLock = readOptional(what + " Object Lock",
                "s3:GetBucketObjectLockConfiguration",
                () -> s3.getObjectLockConfiguration(request -> request.bucket(name))
                        .objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED)
                .thenApply(observed -> observed.map(enabled -> enabled.orElse(false)));
        CompletableFuture<Observed<Optional<String>>> ownership = readOptional(what + " Object Ownership",
                "s3:GetBucketOwnershipControls",
                () -> s3.getBucketOwnershipControls(request -> request.bucket(name)).ownershipControls().rules()
                        .stream().map(OwnershipControlsRule::objectOwnershipAsString).findFirst().orElse(null));
        CompletableFuture<Optional<KeyEvidence>> key = encryption.thenCompose(observed -> observed
                .unreadableReason().isEmpty()
                ? observed.knownValue().filter(DestinationReader::usesKms)
                        .map(sse -> key(region, sse.kmsKeyId().orElse(DEFAULT_S3_KEY)).thenApply(Optional::of))
                        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()))
                : CompletableFuture.completedFuture(Optional.empty()));
        // The account's block matters only where the bucket's own is not complete: only then is it read.
        CompletableFuture<Optional<Observed<Optional<PublicAccessBlock>>>> accountBlock = publicAccess.thenCompose(
                observed -> observed.unreadableReason().isEmpty()
                        && !observed.knownValue().map(PublicAccessBlock::all).orElse(false)
                        ? accountBlock(region, accountId).thenApply(Optional::of)
                        : CompletableFuture.completedFuture(Optional.empty()));
        return CompletableFuture.allOf(location, policy, encryption, publicAccess, versioning, objectLock, ownership,
                        key, accountBlock)
                .thenApply(done -> {
                    Observed<Optional<String>> where = location.join();
                    if (!(where instanceof Observed.Known<Optional<String>> known) || known.value().isEmpty()) {
                        // A bucket that does not exist (or cannot be seen) has nothing more to read.
                        String why = where instanceof Observed.Unreadable<Optional<String>> unreadable
                                ? unreadable.reason() : what + " does not exist";
                        return new BucketEvidence(destination, purpose, where, Observed.unreadable(why),
                                Observed.unreadable(why), Observed.unreadable(why), Observed.unreadable(why),
                                Observed.unreadable(why), Observed.unreadable(why), Optional.empty(), Optional.empty());
                    }
                    return new BucketEvidence(destination, purpose, where, policy.join(), encryption.join(),
                            publicAccess.join(), versioning.join(), objectLock.join(), ownership.join(), key.join(),
                            accountBlock.join());
                });
    }

    private static boolean usesKms(BucketEvidence.Encryption encryption) {
        return encryption.algorithm().equals("aws:kms") || encryption.algorithm().equals("aws:kms:dsse");
    }

    private CompletableFuture<Observed<Optional<PublicAccessBlock>>> accountBlock(String region, String accountId) {
        return readOptional("account " + accountId + " public access block", "s3:GetAccountPublicAccessBlock",
                () -> block(clients.s3Control(region).getPublicAccessBlock(request -> request.accountId(accountId))
                        .publicAccessBlockConfiguration()));
    }

    private static PublicAccessBlock block(PublicAccessBlockConfiguration block) {
        return new PublicAccessBlock(isTrue(block.blockPublicAcls()), isTrue(block.ignorePublicAcls()),
                isTrue(block.blockPublicPolicy()), isTrue(block.restrictPublicBuckets()));
    }

    private static PublicAccessBlock block(
            software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration block) {
        return new PublicAccessBlock(isTrue(block.blockPublicAcls()), isTrue(block.ignorePublicAcls()),
                isTrue(block.blockPublicPolicy()), isTrue(block.restrictPublicBuckets()));
    }

    /**
     * A key's metadata and policy. GetKeyPolicy takes a key id or ARN only, so for a key named by its alias the
     * policy is read once DescribeKey has named the key; otherwise both are read at once.
     */
    private CompletableFuture<KeyEvidence> key(String region, String named) {
        String keyRegion = named.startsWith("arn:") && named.split(":").length > 3 ? named.split(":")[3] : region;
        KmsClient kms = clients.kms(keyRegion);
        String what = "KMS key " + named;
        CompletableFuture<Observed<Optional<KeyEvidence.Key>>> described = read(what, "kms:DescribeKey", () -> {
            try {
                KeyMetadata key = kms.describeKey(request -> request.keyId(named)).keyMetadata();
                // AWS reserves the alias/aws/ prefix for its managed keys, so the name alone tells too.
                return Optional.of(new KeyEvidence.Key(key.arn(), key.keyStateAsString(),
                        key.keyManager() == KeyManagerType.AWS || named.startsWith("alias/aws/")
                                || named.contains(":alias/aws/")));
            } catch (NotFoundException missing) {
                return Optional.empty();
            }
        });
        Function<String, CompletableFuture<Observed<String>>> policyOf = keyId -> read(what + " policy",
                "kms:GetKeyPolicy", () -> kms.getKeyPolicy(request -> request.keyId(keyId).policyName("default"))
                        .policy());
        boolean alias = named.startsWith("alias/") || named.contains(":alias/");
        CompletableFuture<Observed<String>> policy = alias
                ? described.thenCompose(observed -> observed instanceof Observed.Known<Optional<KeyEvidence.Key>> known
                        && known.value().isPresent() ? policyOf.apply(known.value().get().arn())
                        : CompletableFuture.completedFuture(Observed.unreadable(what + " was not found")))
                : policyOf.apply(named);
        return described.thenCombine(policy, (metadata, document) -> {
            if (metadata instanceof Observed.Unreadable<Optional<KeyEvidence.Key>> unreadable) {
                return KeyEvidence.unreadable(named, keyRegion, unreadable.reason());
            }
            if (metadata.knownValue().isEmpty()) {
                return new KeyEvidence(named, keyRegion, metadata, Observed.unreadable(what + " does not exist"));
            }
            return new KeyEvidence(named, keyRegion, metadata, document);
        });
    }

    private CompletableFuture<LogGroupEvidence> logGroup(String region, String name) {
        CompletableFuture<Observed<Optional<LogGroupEvidence.Settings>>> settings = read("log group " + name,
                "logs:DescribeLogGroups", () -> {
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
        return settings.thenCompose(observed -> {
            Optional<String> keyId = observed instanceof Observed.Known<Optional<LogGroupEvidence.Settings>> known
                    ? known.value().flatMap(LogGroupEvidence.Settings::kmsKeyId) : Optional.empty();
            return keyId.map(id -> key(region, id).thenApply(Optional::of))
                    .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()))
                    .thenApply(key -> new LogGroupEvidence(name, observed, key));
        });
    }

    /**
     * The role's trust policy and permission policies. GetRole, ListRolePolicies and ListAttachedRolePolicies
     * go at once; each policy document as soon as its name is known (a managed policy's default version after
     * GetPolicy). A role of another account is not read: the check judges it from its ARN alone.
     */
    private CompletableFuture<RoleEvidence> role(String accountId, String roleArn) {
        Optional<String> roleAccount = RoleEvidence.accountInArn(roleArn);
        if (roleAccount.isEmpty() || !roleAccount.get().equals(accountId)) {
            String why = "role " + roleArn + " is not an IAM role of account " + accountId;
            return CompletableFuture.completedFuture(new RoleEvidence(roleArn, Observed.unreadable(why),
                    Observed.unreadable(why)));
        }
        IamClient iam = clients.iam(homeRegion);
        String name = RoleEvidence.nameInArn(roleArn);
        CompletableFuture<Observed<Optional<Role>>> role = read("role " + name, "iam:GetRole", () -> {
            try {
                return Optional.of(iam.getRole(request -> request.roleName(name)).role());
            } catch (NoSuchEntityException missing) {
                return Optional.empty();
            }
        });
        CompletableFuture<Observed<List<String>>> inlineNames = read("role " + name + " inline policy names",
                "iam:ListRolePolicies", () -> iam.listRolePoliciesPaginator(request -> request.roleName(name))
                        .policyNames().stream().toList());
        CompletableFuture<Observed<List<String>>> attachedArns = read("role " + name + " attached policies",
                "iam:ListAttachedRolePolicies", () -> iam.listAttachedRolePoliciesPaginator(
                        request -> request.roleName(name)).attachedPolicies().stream()
                        .map(AttachedPolicy::policyArn).toList());
        CompletableFuture<Observed<List<RolePolicies.Policy>>> inline = inlineNames.thenCompose(names -> each(names,
                policyName -> read("role " + name + " inline policy " + policyName, "iam:GetRolePolicy",
                        () -> new RolePolicies.Policy(policyName, decode(iam.getRolePolicy(
                                request -> request.roleName(name).policyName(policyName)).policyDocument())))));
        CompletableFuture<Observed<List<RolePolicies.Policy>>> attached = attachedArns.thenCompose(arns -> each(arns,
                arn -> managedPolicy(iam, arn)));
        CompletableFuture<Observed<Optional<RolePolicies.Policy>>> boundary = role.thenCompose(observed -> {
            Optional<String> arn = observed instanceof Observed.Known<Optional<Role>> known
                    ? known.value().map(Role::permissionsBoundary).map(b -> b.permissionsBoundaryArn())
                    : Optional.empty();
            return arn.map(a -> managedPolicy(iam, a).thenApply(policy -> policy.map(Optional::of)))
                    .orElseGet(() -> CompletableFuture.completedFuture(Observed.known(Optional.empty())));
        });
        return CompletableFuture.allOf(role, inline, attached, boundary).thenApply(done -> {
            Observed<Optional<Role>> found = role.join();
            if (found instanceof Observed.Unreadable<Optional<Role>> unreadable) {
                return new RoleEvidence(roleArn, Observed.unreadable(unreadable.reason()),
                        Observed.unreadable(unreadable.reason()));
            }
            if (found.knownValue().isEmpty()) {
                return new RoleEvidence(roleArn, Observed.known(Optional.empty()),
                        Observed.unreadable("role " + roleArn + " does not exist"));
            }
            Observed<Optional<String>> trust = Observed.known(Optional.of(decode(
                    found.knownValue().get().assumeRolePolicyDocument())));
            Optional<String> unread = firstUnreadable(inline.join(), attached.join(), boundary.join());
            Observed<RolePolicies> permissions = unread.isPresent() ? Observed.unreadable(unread.get())
                    : Observed.known(new RolePolicies(inline.join().knownValue(), attached.join().knownValue(),
                            boundary.join().knownValue()));
            return new RoleEvidence(roleArn, trust, permissions);
        });
    }

    /** A managed policy's default version: GetPolicy names it, GetPolicyVersion reads it. */
    private CompletableFuture<Observed<RolePolicies.Policy>> managedPolicy(IamClient iam, String arn) {
        return read("policy " + arn, "iam:GetPolicy", () -> iam.getPolicy(request -> request.policyArn(arn)).policy()
                .defaultVersionId())
                .thenCompose(version -> version instanceof Observed.Known<String> known
                        ? read("policy " + arn + " version " + known.value(), "iam:GetPolicyVersion",
                                () -> new RolePolicies.Policy(arn, decode(iam.getPolicyVersion(request -> request
                                        .policyArn(arn).versionId(known.value())).policyVersion().document())))
                        : CompletableFuture.completedFuture(Observed.unreadable(version.unreadableReason().get())));
    }

    /** Reads each item at once; the list is unreadable when the names were, or when any item was. */
    private static <T> CompletableFuture<Observed<List<T>>> each(Observed<List<String>> names,
            Function<String, CompletableFuture<Observed<T>>> read) {
        if (names instanceof Observed.Unreadable<List<String>> unreadable) {
            return CompletableFuture.completedFuture(Observed.unreadable(unreadable.reason()));
        }
        List<CompletableFuture<Observed<T>>> reads = names.knownValue().stream().map(read).toList();
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<T> values = new ArrayList<>();
            for (CompletableFuture<Observed<T>> item : reads) {
                Observed<T> observed = item.join();
                if (observed instanceof Observed.Unreadable<T> unreadable) {
                    return Observed.unreadable(unreadable.reason());
                }
                values.add(observed.knownValue());
            }
            return Observed.known(values);
        });
    }

    private static Optional<String> firstUnreadable(Observed<?>... facts) {
        for (Observed<?> fact : facts) {
            if (fact.unreadableReason().isPresent()) {
                return fact.unreadableReason();
            }
        }
        return Optional.empty();
    }

    /** IAM returns policy documents URL-encoded. */
    private static String decode(String document) {
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    private <T> CompletableFuture<Observed<T>> read(String fact, String action, Supplier<T> call) {
        return facts.read(fact, action, call);
    }

    /** Like {@link #read}, where S3's "not configured" error means the setting is absent. */
    private <T> CompletableFuture<Observed<Optional<T>>> readOptional(String fact, String action, Supplier<T> call) {
        return facts.readOptional(fact, action, NOT_CONFIGURED, call);
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
