import dev.bedrockauditor.aws.AwsClients;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/**
 * The AWS SDK's own share of a full audit: the calls a {@code --publish} run over the benchmark account makes
 * (src/bench/seed-account.py), in the same order of dependencies and all at once, on the auditor's own clients
 * ({@link AwsClients}: HTTP client, timeouts, retries) and threads ({@link Workers}), but with none of the
 * auditor's work between them: no evaluation, no policy reading, no report, findings of a fixed shape. What a
 * run of this costs in CPU and memory is the floor under the auditor's figures with the same JVM options;
 * src/bench/latency.sh runs it as the way "sdk-floor". It makes 388 of the auditor's 390 requests: not the
 * findings reads of the two hubs outside the audited regions that the auditor reads for findings to archive.
 *
 * <p>Usage: java -cp bedrock-logging-auditor.jar:CLASSES SdkFloor TOPIC_ARN. Prints {"regions": [...]} on stdout,
 * the calls per operation on stderr; exits 1 when a call other than those the benchmark account refuses failed.
 */
public final class SdkFloor {

    private static final Map<String, LongAdder[]> CALLS = new ConcurrentHashMap<>();
    /** The calls the benchmark account refuses, as it refuses them to the auditor (moto has no ListRegions). */
    private static final List<String> EXPECTED_TO_FAIL = List.of("account:ListRegions", "s3:GetObjectLockConfiguration");
    private static final String CONTROL_PREFIX = "bedrock-invocation-logging-";
    /** Findings per region: the auditor's five controls. */
    private static final int FINDINGS_PER_REGION = 5;

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].startsWith("arn:")) {
            System.err.println("usage: SdkFloor TOPIC_ARN (the SNS topic of the benchmark account)");
            System.exit(2);
        }
        String topic = args[0];
        String home = "us-east-1";
        RegionSelector selector = new RegionSelector(RegionCatalog.fromSdkMetadata());
        List<String> regions = List.copyOf(selector.bedrockRegions(selector.partitionOfHome(home)));
        try (AwsClients clients = new AwsClients(Duration.ofSeconds(5), Duration.ofSeconds(20), List.of());
                Workers workers = new Workers("sdk-floor")) {
            // Step 1, all at once: identity, region discovery, the topic, every region's configuration and findings.
            CompletableFuture<?> identity = start(workers, "sts:GetCallerIdentity",
                    () -> clients.sts(home).getCallerIdentity());
            CompletableFuture<?> discovery = start(workers, "account:ListRegions",
                    () -> clients.account(home).listRegions(request -> request.maxResults(50)));
            CompletableFuture<?> topicRead = start(workers, "sns:GetTopicAttributes",
                    () -> clients.sns(home).getTopicAttributes(request -> request.topicArn(topic)));
            List<CompletableFuture<?>> audits = new ArrayList<>();
            for (String region : regions) {
                audits.add(start(workers, "securityhub:GetFindings", () -> clients.securityHub(region)
                        .getFindingsPaginator(request -> request.maxResults(100).filters(AwsSecurityFindingFilters
                                .builder().generatorId(StringFilter.builder().value(CONTROL_PREFIX)
                                        .comparison(StringFilterComparison.PREFIX).build()).build()))
                        .findings().stream().count()));
                audits.add(start(workers, "bedrock:GetModelInvocationLoggingConfiguration",
                        () -> clients.bedrock(region).getModelInvocationLoggingConfiguration(request -> { })
                                .loggingConfig())
                        .thenCompose(config -> destination(workers, clients.s3(region), clients, region, config)));
            }
            Workers.joinAll(List.of(identity, discovery, topicRead));
            Workers.joinAll(audits);
            // Then the alert, then every region's findings into its own hub at once.
            Workers.join(start(workers, "sns:Publish", () -> clients.sns(home).publish(request -> request
                    .topicArn(topic).subject("Bedrock invocation logging: SDK floor").message("floor"))), error -> null);
            Workers.joinAll(regions.stream().map(region -> start(workers, "securityhub:BatchImportFindings",
                    () -> clients.securityHub(region).batchImportFindings(request -> request
                            .findings(findings(region))))).toList());
        }
        System.out.println("{\"regions\": [" + regions.stream().map(region -> "\"" + region + "\"")
                .collect(Collectors.joining(", ")) + "]}");
        long unexpected = 0;
        for (Map.Entry<String, LongAdder[]> entry : new TreeMap<>(CALLS).entrySet()) {
            long failed = entry.getValue()[1].sum();
            System.err.printf("%-48s %4d ok %4d failed%n", entry.getKey(), entry.getValue()[0].sum(), failed);
            unexpected += EXPECTED_TO_FAIL.contains(entry.getKey()) ? 0 : failed;
        }
        System.exit(unexpected == 0 ? 0 : 1);
    }

    /** Step 2, as soon as the region's configuration is known: the bucket's seven reads; step 3, the key's two. */
    private static CompletableFuture<?> destination(Workers workers, S3Client s3, AwsClients clients, String region,
            LoggingConfig config) {
        if (config == null || config.s3Config() == null) {
            return CompletableFuture.completedFuture(null);
        }
        String bucket = config.s3Config().bucketName();
        CompletableFuture<String> key = start(workers, "s3:GetBucketEncryption",
                () -> s3.getBucketEncryption(request -> request.bucket(bucket)).serverSideEncryptionConfiguration()
                        .rules().get(0).applyServerSideEncryptionByDefault().kmsMasterKeyID());
        List<CompletableFuture<?>> reads = new ArrayList<>(List.of(
                start(workers, "s3:GetBucketLocation", () -> s3.getBucketLocation(request -> request.bucket(bucket))),
                start(workers, "s3:GetBucketPolicy", () -> s3.getBucketPolicy(request -> request.bucket(bucket))),
                start(workers, "s3:GetPublicAccessBlock", () -> s3.getPublicAccessBlock(request -> request.bucket(bucket))),
                start(workers, "s3:GetBucketVersioning", () -> s3.getBucketVersioning(request -> request.bucket(bucket))),
                start(workers, "s3:GetObjectLockConfiguration",
                        () -> s3.getObjectLockConfiguration(request -> request.bucket(bucket))),
                start(workers, "s3:GetBucketOwnershipControls",
                        () -> s3.getBucketOwnershipControls(request -> request.bucket(bucket))),
                key.thenCompose(keyId -> keyId == null ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.allOf(
                                start(workers, "kms:DescribeKey",
                                        () -> clients.kms(region).describeKey(request -> request.keyId(keyId))),
                                start(workers, "kms:GetKeyPolicy", () -> clients.kms(region)
                                        .getKeyPolicy(request -> request.keyId(keyId).policyName("default")))))));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
    }

    /** A call on its own thread, counted; a failure counts and completes with null, as the auditor goes on. */
    private static <T> CompletableFuture<T> start(Workers workers, String operation, Supplier<T> call) {
        LongAdder[] counts = CALLS.computeIfAbsent(operation, name -> new LongAdder[] {new LongAdder(), new LongAdder()});
        return workers.start(() -> {
            T result = call.get();
            counts[0].increment();
            return result;
        }, error -> {
            counts[1].increment();
            return null;
        });
    }

    /** Findings of the size the auditor imports: one per control, with a resource and a recommendation. */
    private static List<AwsSecurityFinding> findings(String region) {
        String account = "123456789012";
        String now = Instant.now().toString();
        List<AwsSecurityFinding> findings = new ArrayList<>();
        for (int control = 1; control <= FINDINGS_PER_REGION; control++) {
            String id = CONTROL_PREFIX + control;
            findings.add(AwsSecurityFinding.builder().schemaVersion("2018-10-08")
                    .id("bedrock-logging-auditor/aws/" + account + "/" + region + "/" + id)
                    .productArn("arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default")
                    .generatorId(id).awsAccountId(account)
                    .types("Software and Configuration Checks/AWS Security Best Practices")
                    .createdAt(now).updatedAt(now)
                    .severity(severity -> severity.label("INFORMATIONAL").original("INFORMATIONAL"))
                    .title("Amazon Bedrock model invocation logging control " + control)
                    .description("The floor benchmark's finding " + control + " for " + region + ".")
                    .remediation(remediation -> remediation.recommendation(text -> text
                            .text("Nothing to do: the benchmark account is healthy.")
                            .url("https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html")))
                    .productFields(Map.of("ControlId", id, "AuditedRegion", region, "AlertBaseline", "PASSED/INFORMATIONAL"))
                    .compliance(compliance -> compliance.status("PASSED"))
                    .resources(Resource.builder().type("AwsS3Bucket").id("arn:aws:s3:::bench-logs-" + region)
                            .region(region).partition("aws").build())
                    .recordState("ACTIVE").workflow(workflow -> workflow.status("RESOLVED"))
                    .build());
        }
        return findings;
    }
}
