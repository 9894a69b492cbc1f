package dev.bedrockauditor.asff;

import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Product;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.ComplianceStatus;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;

/**
 * Maps the auditor's findings to ASFF and back. Every string is cut to its documented limit here, since
 * Security Hub rejects an over-long field and emulators do not check.
 */
public final class AsffMapper {

    public static final String SCHEMA_VERSION = "2018-10-08";
    public static final String FINDING_TYPE = "Software and Configuration Checks/AWS Security Best Practices";

    /** Documented ASFF limits (AwsSecurityFinding and its parts, BatchImportFindings guidelines). */
    public static final int MAX_ID = 512;
    public static final int MAX_GENERATOR_ID = 512;
    public static final int MAX_TITLE = 256;
    public static final int MAX_DESCRIPTION = 1024;
    public static final int MAX_RECOMMENDATION_TEXT = 512;
    public static final int MAX_RELATED_REQUIREMENTS = 32;
    public static final int MAX_PRODUCT_FIELDS = 50;
    public static final int MAX_PRODUCT_FIELD_KEY = 128;
    public static final int MAX_PRODUCT_FIELD_VALUE = 2048;
    public static final int MAX_SEVERITY_ORIGINAL = 64;
    public static final int MAX_RESOURCE_ID = 512;
    public static final int MAX_RESOURCES = 32;

    /**
     * The product field holding what the operator last knew of the finding: STATUS/SEVERITY, then /SUBJECTS (a
     * digest of the accounts and hubs it names) for a finding that names some, or NONE.
     */
    public static final String ALERT_BASELINE = "AlertBaseline";
    static final String NOTHING_ACKNOWLEDGED = "NONE";
    private static final Pattern SUBJECTS_DIGEST = Pattern.compile("[0-9a-f]{32}");
    /** The resources that name an account or a hub (see {@link Acknowledged#subjectIds}). */
    private static final Pattern SUBJECT_ID = Pattern.compile(Pattern.quote(Resource.ACCOUNT_ID_PREFIX) + "\\d{12}"
            + "|arn:[a-z-]+:securityhub:[a-z0-9-]+:\\d{12}:hub/default");

    /** Resource.Partition accepts only these. */
    private static final Set<String> ASFF_PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov");
    private static final String ID_PREFIX = "bedrock-logging-auditor/";

    private final Product product;

    public AsffMapper(Product product) {
        this.product = product;
    }

    /** Stable across runs, unique per partition, account, audited region and control. */
    public static String findingId(String partition, String accountId, String region, String controlId) {
        return ID_PREFIX + partition + "/" + accountId + "/" + region + "/" + controlId;
    }

    /** The account's own "default" product, which any account may import into without a partner integration. */
    public static String productArn(String partition, String hubRegion, String accountId) {
        return "arn:" + partition + ":securityhub:" + hubRegion + ":" + accountId + ":product/" + accountId + "/default";
    }

    /** The per-region setting the finding is about, named as an ARN so Security Hub can group by resource. */
    public static String resourceId(String partition, String region, String accountId) {
        return "arn:" + partition + ":bedrock:" + region + ":" + accountId + ":model-invocation-logging";
    }

    /**
     * The finding as imported into {@code hubRegion}.
     *
     * @param createdAt when the finding was first created in Security Hub (now, for a new one)
     * @param firstObservedAt when its current state was first observed (now, for a new one)
     * @param now when it was observed: its LastObservedAt, and its UpdatedAt unless that must be later
     * @param storedUpdatedAt the UpdatedAt Security Hub CSPM already holds for it; empty for a new finding
     * @param acknowledged what the operator last knew of it, stored so a failed alert is repeated next run
     */
    public AwsSecurityFinding toAsff(
            Finding finding, String partition, String accountId, String hubRegion, String createdAt,
            String firstObservedAt, Instant now, Optional<Instant> storedUpdatedAt,
            Optional<Acknowledged> acknowledged) {
        String region = finding.region();
        String timestamp = timestamp(now);
        String description = finding.detail() + "\n\n" + finding.control().description();
        Map<String, String> productFields = new LinkedHashMap<>();
        productFields.put("ProviderName", product.name());
        productFields.put("ProviderVersion", product.version());
        productFields.put("ControlId", finding.controlId());
        productFields.put("AuditedRegion", region);
        productFields.put(ALERT_BASELINE, acknowledged.map(known -> known.status() + "/" + known.severity()
                + known.subjects().map(subjects -> "/" + subjects).orElse("")).orElse(NOTHING_ACKNOWLEDGED));
        return AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(cut(findingId(partition, accountId, region, finding.controlId()), MAX_ID))
                .productArn(productArn(partition, hubRegion, accountId))
                .generatorId(cut(finding.controlId(), MAX_GENERATOR_ID))
                .awsAccountId(accountId)
                .types(FINDING_TYPE)
                .createdAt(createdAt)
                .updatedAt(timestamp(updatedAt(now, storedUpdatedAt)))
                .firstObservedAt(firstObservedAt)
                .lastObservedAt(timestamp)
                .severity(severity -> severity.label(SeverityLabel.fromValue(finding.severity().name())))
                .findingProviderFields(fields -> fields
                        .severity(severity -> severity.label(SeverityLabel.fromValue(finding.severity().name()))
                                .original(cut(finding.severity().name(), MAX_SEVERITY_ORIGINAL)))
                        .types(FINDING_TYPE))
                .title(cut(finding.title(), MAX_TITLE))
                .description(cut(description, MAX_DESCRIPTION))
                .remediation(remediation -> remediation.recommendation(recommendation -> recommendation
                        .text(remediationText(finding))
                        .url(finding.control().remediationUrl())))
                .productFields(limitProductFields(productFields))
                .resources(resources(finding, partition, accountId))
                .compliance(compliance -> compliance
                        .status(ComplianceStatus.fromValue(finding.status().name()))
                        .relatedRequirements(limitRequirements(finding.control().relatedRequirements())))
                .recordState(RecordState.ACTIVE)
                .build();
    }

    /**
     * The accounts and hubs a stored finding names, by the ids {@link Acknowledged#subjectIds} gives; empty when
     * it may have named more than Security Hub kept ({@link #MAX_RESOURCES}), since then the list is not whole.
     */
    public static Optional<Set<String>> subjectIds(AwsSecurityFinding asff) {
        if (asff.resources().size() >= MAX_RESOURCES) {
            return Optional.empty();
        }
        return Optional.of(asff.resources().stream().map(software.amazon.awssdk.services.securityhub.model.Resource::id)
                .filter(id -> SUBJECT_ID.matcher(id).matches()).collect(Collectors.toCollection(TreeSet::new)));
    }

    /**
     * The region's logging configuration first (what every finding is about), then the buckets, log group,
     * role and KMS keys the finding judges, typed as Security Hub's model types them.
     */
    static List<software.amazon.awssdk.services.securityhub.model.Resource> resources(
            Finding finding, String partition, String accountId) {
        List<software.amazon.awssdk.services.securityhub.model.Resource> resources = new ArrayList<>();
        resources.add(resource("Other", resourceId(partition, finding.region(), accountId), finding.region(), partition));
        finding.resources().stream().limit(MAX_RESOURCES - 1).forEach(judged -> resources.add(
                resource(resourceType(judged.kind()), judged.arn(), judged.region(), partition)));
        return resources;
    }

    /** The ASFF type of a resource: a type of Security Hub's ResourceDetails where it has one, else Other. */
    static String resourceType(Resource.Kind kind) {
        return switch (kind) {
            case S3_BUCKET -> "AwsS3Bucket";
            case IAM_ROLE -> "AwsIamRole";
            case KMS_KEY -> "AwsKmsKey";
            case CLOUDTRAIL_TRAIL -> "AwsCloudTrailTrail";
            // Security Hub has no details type for CloudWatch Logs log groups, EventBridge rules, accounts or hubs.
            case LOG_GROUP, EVENTBRIDGE_RULE, AWS_ACCOUNT, SECURITY_HUB -> "Other";
        };
    }

    private static software.amazon.awssdk.services.securityhub.model.Resource resource(
            String type, String id, String region, String partition) {
        software.amazon.awssdk.services.securityhub.model.Resource.Builder resource =
                software.amazon.awssdk.services.securityhub.model.Resource.builder()
                        .type(type).id(cut(id, MAX_RESOURCE_ID)).region(region);
        if (ASFF_PARTITIONS.contains(partition)) {
            resource.partition(partition);
        }
        return resource.build();
    }

    /**
     * The finding's own fixes when it has any: every command when they fit, else what to do first and the
     * command that completes it (the one that saves the configuration, where there is one); the control's
     * general advice otherwise.
     */
    static String remediationText(Finding finding) {
        List<Fix> fixes = finding.fixes();
        if (!fixes.isEmpty()) {
            String full = fixes.stream().map(AsffMapper::fixText).collect(Collectors.joining(" Then: "));
            if (full.length() <= MAX_RECOMMENDATION_TEXT) {
                return full;
            }
            Fix last = fixes.get(fixes.size() - 1);
            if (!last.commands().isEmpty()) {
                String then = String.join(" && ", last.commands());
                for (Function<Fix, String> words : List.<Function<Fix, String>>of(Fix::summary, Fix::brief)) {
                    String first = fixes.stream().limit(fixes.size() - 1L).map(words).collect(Collectors.joining("; "));
                    String steps = "First: " + first + ". Then: " + then;
                    if (!first.isEmpty() && steps.length() <= MAX_RECOMMENDATION_TEXT) {
                        return steps;
                    }
                }
                String first = fixes.stream().limit(fixes.size() - 1L).map(Fix::brief)
                        .collect(Collectors.joining("; "));
                long earlier = fixes.stream().limit(fixes.size() - 1L).mapToLong(fix -> fix.commands().size()).sum();
                String counted = (earlier == 0 ? "" : "First the " + earlier + " command(s) that the alert and --output"
                        + " json list for this finding (" + first + "). ") + "Then: " + then;
                if (counted.length() <= MAX_RECOMMENDATION_TEXT) {
                    return counted;
                }
                String bare = (earlier == 0 ? "" : "First the " + earlier + " command(s) that the alert and --output"
                        + " json list for this finding. ") + "Then: " + then;
                if (bare.length() <= MAX_RECOMMENDATION_TEXT) {
                    return bare;
                }
            }
            String summaries = fixes.stream().map(Fix::summary).collect(Collectors.joining("; "))
                    + " (commands: the alert or --output json).";
            if (summaries.length() <= MAX_RECOMMENDATION_TEXT) {
                return summaries;
            }
        }
        return cut(finding.control().remediationText().replace("REGION", finding.region()), MAX_RECOMMENDATION_TEXT);
    }

    private static String fixText(Fix fix) {
        return fix.commands().isEmpty() ? fix.summary() + "." : fix.summary() + ": " + String.join(" && ", fix.commands());
    }

    /** The same finding, imported into another hub (the home region, when its own hub refused it). */
    public AwsSecurityFinding movedTo(AwsSecurityFinding finding, String partition, String accountId, String hubRegion) {
        return finding.toBuilder().productArn(productArn(partition, hubRegion, accountId)).build();
    }

    /** A stored finding marked ARCHIVED: Security Hub's way to say the finding no longer applies. */
    public AwsSecurityFinding archived(StoredFinding stored, Instant now) {
        return stored.source().toBuilder().recordState(RecordState.ARCHIVED)
                .updatedAt(timestamp(updatedAt(now, Optional.of(stored.updatedAt())))).build();
    }

    /**
     * The UpdatedAt of an update: now, but always later than the UpdatedAt Security Hub CSPM already holds.
     * Security Hub CSPM ignores an update whose UpdatedAt is earlier than the stored finding's, and its user
     * guide promises to apply only one that is later ("Determining whether to create or update a finding",
     * BatchImportFindings for finding providers); it documents no error for an ignored update. So a clock
     * behind the one that wrote the stored finding (another machine, a corrected clock) would drop updates
     * silently, and the finding would keep its old status. Millisecond precision, as {@link #timestamp} writes.
     */
    public static Instant updatedAt(Instant now, Optional<Instant> storedUpdatedAt) {
        Instant candidate = now.truncatedTo(ChronoUnit.MILLIS);
        if (storedUpdatedAt.isEmpty()) {
            return candidate;
        }
        Instant justAfter = storedUpdatedAt.get().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        return candidate.isBefore(justAfter) ? justAfter : candidate;
    }

    /**
     * Reads back one of this auditor's findings; empty for anything else the hub returns (another product,
     * account or control), since the API's filters are not trusted alone.
     */
    public Optional<StoredFinding> read(
            AwsSecurityFinding asff, String hubRegion, String partition, String accountId, Set<String> controlIds) {
        if (asff.id() == null || !asff.id().startsWith(ID_PREFIX)
                || !productArn(partition, hubRegion, accountId).equals(asff.productArn())
                || !accountId.equals(asff.awsAccountId())
                || !controlIds.contains(asff.generatorId())) {
            return Optional.empty();
        }
        String[] parts = asff.id().substring(ID_PREFIX.length()).split("/", -1);
        if (parts.length != 4 || !parts[0].equals(partition) || !parts[1].equals(accountId)
                || !parts[3].equals(asff.generatorId())) {
            return Optional.empty();
        }
        Optional<Status> status = status(asff);
        Optional<Severity> severity = severity(asff);
        Optional<Instant> updatedAt = instant(asff.updatedAt());
        if (status.isEmpty() || severity.isEmpty() || updatedAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredFinding(hubRegion, asff.id(), parts[2], parts[3], status.get(), severity.get(),
                asff.recordState() != RecordState.ARCHIVED, asff.createdAt(), asff.firstObservedAt(), updatedAt.get(),
                acknowledged(asff, status.get(), severity.get()), asff));
    }

    /**
     * What the stored finding says the operator last knew. A finding written before this field existed
     * counts as known in its stored state, as runs then assumed; a value this version cannot parse counts as
     * nothing known, so the finding is alerted rather than silently dropped.
     */
    private static Optional<Acknowledged> acknowledged(AwsSecurityFinding asff, Status status, Severity severity) {
        String baseline = asff.productFields().get(ALERT_BASELINE);
        if (baseline == null) {
            return Optional.of(new Acknowledged(status, severity));
        }
        String[] parts = baseline.split("/", -1);
        if (parts.length != 2 && !(parts.length == 3 && SUBJECTS_DIGEST.matcher(parts[2]).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Acknowledged(Status.valueOf(parts[0]), Severity.valueOf(parts[1]),
                    parts.length == 3 ? Optional.of(parts[2]) : Optional.empty()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** ASFF timestamps are RFC 3339 strings; milliseconds are plenty and accepted everywhere. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Parses any timestamp form ASFF accepts (Z or an offset); empty when it is not one. */
    public static Optional<Instant> instant(String timestamp) {
        if (timestamp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Status> status(AwsSecurityFinding asff) {
        if (asff.compliance() == null || asff.compliance().statusAsString() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Status.valueOf(asff.compliance().statusAsString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The provider's severity, which BatchUpdateFindings cannot overwrite; else the top-level one. */
    private static Optional<Severity> severity(AwsSecurityFinding asff) {
        String label = null;
        if (asff.findingProviderFields() != null && asff.findingProviderFields().severity() != null) {
            label = asff.findingProviderFields().severity().labelAsString();
        }
        if (label == null && asff.severity() != null) {
            label = asff.severity().labelAsString();
        }
        if (label == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Severity.valueOf(label));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> limitProductFields(Map<String, String> fields) {
        Map<String, String> limited = new LinkedHashMap<>();
        fields.entrySet().stream().limit(MAX_PRODUCT_FIELDS).forEach(entry -> limited.put(
                cut(entry.getKey(), MAX_PRODUCT_FIELD_KEY), cut(entry.getValue(), MAX_PRODUCT_FIELD_VALUE)));
        return limited;
    }

    private static List<String> limitRequirements(List<String> requirements) {
        return requirements.stream().limit(MAX_RELATED_REQUIREMENTS).toList();
    }

    /** Cuts to at most {@code max} characters, marking the cut with an ellipsis. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
