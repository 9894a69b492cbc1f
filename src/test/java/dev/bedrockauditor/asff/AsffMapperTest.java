package dev.bedrockauditor.asff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.securityhub.model.ResourceDetails;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.Product;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.RecordState;

/** The ASFF mapping against the documented required fields and limits, which moto does not check. */
class AsffMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123456789Z");
    private static final AsffMapper MAPPER = new AsffMapper(new Product("bedrock-logging-auditor", "9.9.9"));
    private static final ControlMetadata CONTROL = new ControlMetadata("bedrock-invocation-logging-enabled", "LOGGING",
            "Amazon Bedrock model invocation logging is enabled", Severity.MEDIUM, "Checks logging.",
            "Run put-model-invocation-logging-configuration --region REGION.",
            "https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html",
            List.of("ISO/IEC 27001:2022 A.8.15", "SOC 2 A1.2"));

    private static AwsSecurityFinding map(Finding finding) {
        return MAPPER.toAsff(finding, "aws", "111122223333", "us-east-1", "2026-01-01T00:00:00.000Z",
                "2026-01-02T00:00:00.000Z", NOW, Optional.empty(), Optional.of(Acknowledged.of(finding)));
    }

    @Test
    void everyRequiredFieldIsSetAsSecurityHubExpects() {
        AwsSecurityFinding asff = map(new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "Logging is off."));

        assertEquals("2018-10-08", asff.schemaVersion());
        assertEquals("bedrock-logging-auditor/aws/111122223333/eu-west-1/bedrock-invocation-logging-enabled", asff.id());
        assertEquals("arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default", asff.productArn());
        assertEquals("bedrock-invocation-logging-enabled", asff.generatorId());
        assertEquals("111122223333", asff.awsAccountId());
        assertEquals(List.of("Software and Configuration Checks/AWS Security Best Practices"), asff.types());
        assertEquals("2026-01-01T00:00:00.000Z", asff.createdAt());
        assertEquals("2026-01-02T00:00:00.000Z", asff.firstObservedAt());
        assertEquals("2026-11-24T10:15:30.123Z", asff.updatedAt());
        assertEquals("2026-11-24T10:15:30.123Z", asff.lastObservedAt());
        assertEquals("MEDIUM", asff.severity().labelAsString());
        assertEquals("MEDIUM", asff.findingProviderFields().severity().labelAsString());
        assertEquals(asff.types(), asff.findingProviderFields().types());
        assertEquals("Amazon Bedrock model invocation logging is enabled", asff.title());
        assertTrue(asff.description().startsWith("Logging is off.\n\nChecks logging."), asff.description());
        assertEquals("FAILED", asff.compliance().statusAsString());
        assertEquals(CONTROL.relatedRequirements(), asff.compliance().relatedRequirements());
        assertEquals("Run put-model-invocation-logging-configuration --region eu-west-1.",
                asff.remediation().recommendation().text());
        assertEquals(CONTROL.remediationUrl(), asff.remediation().recommendation().url());
        assertEquals(1, asff.resources().size());
        assertEquals("Other", asff.resources().get(0).type());
        assertEquals("arn:aws:bedrock:eu-west-1:111122223333:model-invocation-logging", asff.resources().get(0).id());
        assertEquals("eu-west-1", asff.resources().get(0).region());
        assertEquals("aws", asff.resources().get(0).partitionAsString());
        assertEquals(RecordState.ACTIVE, asff.recordState());
        assertEquals("bedrock-logging-auditor", asff.productFields().get("ProviderName"));
        assertEquals("9.9.9", asff.productFields().get("ProviderVersion"));
        assertEquals("eu-west-1", asff.productFields().get("AuditedRegion"));
        for (String timestamp : List.of(asff.createdAt(), asff.updatedAt(), asff.firstObservedAt(), asff.lastObservedAt())) {
            assertNotNull(OffsetDateTime.parse(timestamp), "RFC 3339: " + timestamp);
        }
    }

    @Test
    void everyStringIsCutToItsDocumentedLimit() {
        ControlMetadata verbose = new ControlMetadata("bedrock-invocation-logging-enabled", "LOGGING", "T".repeat(400),
                Severity.HIGH, "D".repeat(2000), "R".repeat(900), CONTROL.remediationUrl(),
                IntStream.range(0, 40).mapToObj(i -> "Requirement " + i).toList());
        AwsSecurityFinding asff = map(new Finding(verbose, "eu-west-1", Status.FAILED, Severity.HIGH, "x".repeat(5000)));

        assertEquals(256, asff.title().length());
        assertEquals(1024, asff.description().length());
        assertTrue(asff.description().endsWith("…"));
        assertEquals(512, asff.remediation().recommendation().text().length());
        assertEquals(32, asff.compliance().relatedRequirements().size());
        assertTrue(asff.id().length() <= AsffMapper.MAX_ID);
        assertTrue(asff.generatorId().length() <= AsffMapper.MAX_GENERATOR_ID);
        assertTrue(asff.productFields().size() <= AsffMapper.MAX_PRODUCT_FIELDS);
        asff.productFields().forEach((key, value) -> {
            assertTrue(key.length() <= AsffMapper.MAX_PRODUCT_FIELD_KEY, key);
            assertTrue(value.length() <= AsffMapper.MAX_PRODUCT_FIELD_VALUE, key);
        });
        assertTrue(asff.findingProviderFields().severity().original().length() <= AsffMapper.MAX_SEVERITY_ORIGINAL);
    }

    @Test
    void theRealControlsFitTheLimitsWithoutCutting() {
        for (String id : List.of("bedrock-invocation-logging-enabled", "bedrock-invocation-logging-data-types")) {
            ControlMetadata control = dev.bedrockauditor.controls.ControlCatalog.load(id);
            AwsSecurityFinding asff = map(new Finding(control, "ap-southeast-2", Status.FAILED, control.severity(),
                    "Not delivered: IMAGE, VIDEO, AUDIO (required: TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO)."));
            assertFalse(asff.title().endsWith("…"), id);
            assertFalse(asff.remediation().recommendation().text().endsWith("…"), id);
            assertTrue(asff.remediation().recommendation().text().contains("--region ap-southeast-2")
                    || !control.remediationText().contains("REGION"), id);
        }
    }

    @Test
    void otherPartitionsKeepTheirArnsAndOmitAnUnsupportedResourcePartition() {
        Finding finding = new Finding(CONTROL, "us-iso-east-1", Status.PASSED, Severity.INFORMATIONAL, "ok");
        AwsSecurityFinding asff = MAPPER.toAsff(finding, "aws-iso", "111122223333", "us-iso-east-1", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", NOW, Optional.empty(), Optional.empty());

        assertEquals("arn:aws-iso:securityhub:us-iso-east-1:111122223333:product/111122223333/default", asff.productArn());
        assertEquals(null, asff.resources().get(0).partition());
        assertEquals("INFORMATIONAL", asff.severity().labelAsString());
    }

    @Test
    void readsBackItsOwnFindingsOnly() {
        AwsSecurityFinding ours = map(new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "off"));
        Set<String> controls = Set.of(CONTROL.id());

        StoredFinding stored = MAPPER.read(ours, "us-east-1", "aws", "111122223333", controls).orElseThrow();
        assertEquals("eu-west-1", stored.region());
        assertEquals(CONTROL.id(), stored.controlId());
        assertEquals(Status.FAILED, stored.status());
        assertEquals(Severity.MEDIUM, stored.severity());
        assertTrue(stored.active());
        assertEquals(Optional.of(new Acknowledged(Status.FAILED, Severity.MEDIUM)), stored.acknowledged());
        assertEquals("2026-01-01T00:00:00.000Z", stored.createdAt());

        assertTrue(MAPPER.read(ours, "eu-west-1", "aws", "111122223333", controls).isEmpty(), "another hub's product");
        assertTrue(MAPPER.read(ours, "us-east-1", "aws", "999999999999", controls).isEmpty(), "another account");
        assertTrue(MAPPER.read(ours, "us-east-1", "aws", "111122223333", Set.of("other")).isEmpty(), "another control");
        assertTrue(MAPPER.read(ours.toBuilder().id("someone-else/1").build(), "us-east-1", "aws", "111122223333", controls)
                .isEmpty(), "another tool's id");
        assertTrue(MAPPER.read(ours.toBuilder().updatedAt("yesterday").build(), "us-east-1", "aws", "111122223333",
                controls).isEmpty(), "an unparseable timestamp is not ours to trust");
    }

    @Test
    void aWarningIsSecurityHubsWarningComplianceStatusAndReadsBackAsOne() {
        Finding warning = new Finding(CONTROL, "eu-west-1", Status.WARNING, Severity.LOW, "rule disabled",
                List.of(new Fix("Enable EventBridge rule r in eu-west-1",
                        List.of("aws events enable-rule --region eu-west-1 --name r"), Fix.Stage.RESOURCES)),
                List.of(new Resource(Resource.Kind.CLOUDTRAIL_TRAIL, "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
                        "us-east-1"), new Resource(Resource.Kind.EVENTBRIDGE_RULE,
                        "arn:aws:events:eu-west-1:111122223333:rule/r", "eu-west-1")));
        AwsSecurityFinding asff = map(warning);

        assertEquals("WARNING", asff.compliance().statusAsString());
        assertEquals("LOW", asff.severity().labelAsString());
        assertEquals(List.of("Other", "AwsCloudTrailTrail", "Other"),
                asff.resources().stream().map(software.amazon.awssdk.services.securityhub.model.Resource::type).toList());
        assertTrue(asff.remediation().recommendation().text().contains("aws events enable-rule --region eu-west-1"),
                asff.remediation().recommendation().text());
        StoredFinding stored = MAPPER.read(asff, "us-east-1", "aws", "111122223333", Set.of(CONTROL.id())).orElseThrow();
        assertEquals(Status.WARNING, stored.status());
        assertEquals(Optional.of(new Acknowledged(Status.WARNING, Severity.LOW)), stored.acknowledged());
    }

    @Test
    void archivingAndMovingKeepTheFindingButChangeStateOrHub() {
        AwsSecurityFinding ours = map(new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "off"));
        StoredFinding stored = MAPPER.read(ours, "us-east-1", "aws", "111122223333", Set.of(CONTROL.id())).orElseThrow();

        AwsSecurityFinding archived = MAPPER.archived(stored, NOW.plusSeconds(60));
        assertEquals(RecordState.ARCHIVED, archived.recordState());
        assertEquals(ours.id(), archived.id());
        assertEquals(ours.createdAt(), archived.createdAt());
        assertEquals("2026-11-24T10:16:30.123Z", archived.updatedAt());

        AwsSecurityFinding moved = MAPPER.movedTo(ours, "aws", "111122223333", "eu-central-1");
        assertEquals("arn:aws:securityhub:eu-central-1:111122223333:product/111122223333/default", moved.productArn());
        assertEquals(ours.id(), moved.id());
    }

    @Test
    void anUpdateIsAlwaysLaterThanTheStoredFindingSoSecurityHubDoesNotIgnoreIt() {
        Instant stored = Instant.parse("2026-11-24T10:15:30.500Z");

        assertEquals(Instant.parse("2026-11-24T10:15:31.000Z"),
                AsffMapper.updatedAt(Instant.parse("2026-11-24T10:15:31Z"), Optional.of(stored)), "a later clock: now");
        assertEquals(Instant.parse("2026-11-24T10:15:30.501Z"), AsffMapper.updatedAt(stored, Optional.of(stored)),
                "the same instant: a millisecond later");
        assertEquals(Instant.parse("2026-11-24T10:15:30.501Z"),
                AsffMapper.updatedAt(Instant.parse("2026-11-24T09:00:00Z"), Optional.of(stored)),
                "a clock behind the stored finding: still later than it");
        assertEquals(Instant.parse("2026-11-24T10:15:30.501Z"), AsffMapper.updatedAt(
                Instant.parse("2026-11-24T10:15:30.500999Z"), Optional.of(Instant.parse("2026-11-24T10:15:30.500123Z"))),
                "later than a stored time finer than the milliseconds written");
        assertEquals(Instant.parse("2026-11-24T10:15:30.123Z"), AsffMapper.updatedAt(NOW, Optional.empty()),
                "a new finding: now");
    }

    @Test
    void aFindingStoredByAClockAheadIsUpdatedAndArchivedAfterItsUpdatedAt() {
        Finding finding = new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "off");
        Instant ahead = NOW.plusSeconds(3600);

        AwsSecurityFinding updated = MAPPER.toAsff(finding, "aws", "111122223333", "us-east-1",
                "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", NOW, Optional.of(ahead), Optional.empty());
        assertEquals("2026-11-24T11:15:30.124Z", updated.updatedAt());
        assertEquals("2026-11-24T10:15:30.123Z", updated.lastObservedAt(), "observed now, by this run's clock");

        StoredFinding stored = MAPPER.read(updated, "us-east-1", "aws", "111122223333", Set.of(CONTROL.id()))
                .orElseThrow();
        AwsSecurityFinding archived = MAPPER.archived(stored, NOW);
        assertEquals("2026-11-24T11:15:30.125Z", archived.updatedAt());
    }

    @Test
    void printedJsonUsesTheApiWireNames() {
        JsonNode json = SdkModelJson.toJson(map(new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "off")));

        assertEquals("2018-10-08", json.get("SchemaVersion").asText());
        assertEquals("MEDIUM", json.get("Severity").get("Label").asText());
        assertEquals("FAILED", json.get("Compliance").get("Status").asText());
        assertEquals("eu-west-1", json.get("Resources").get(0).get("Region").asText());
        assertEquals("bedrock-logging-auditor", json.get("ProductFields").get("ProviderName").asText());
        assertFalse(json.has("Malware"), "unset lists are left out");
    }

    /** What the member-accounts finding named is read back from its resources, for the alert to tell what changed. */
    @Test
    void theAccountsAndHubsAFindingNamesAreReadBackFromItsResourcesWhenAllWereKept() {
        List<Resource> named = List.of(Resource.account("444455556666", "us-east-1"),
                Resource.hub("aws-us-gov", "555566667777", "us-gov-west-1"),
                new Resource(Resource.Kind.S3_BUCKET, "arn:aws:s3:::logs", "us-east-1"));
        Finding finding = new Finding(CONTROL, "us-east-1", Status.FAILED, Severity.HIGH, "d", List.of(), named);

        assertEquals(Optional.of(Set.copyOf(Acknowledged.subjectIds(finding))), AsffMapper.subjectIds(map(finding)));
        assertEquals(Optional.of(Set.of("AWS::::Account:444455556666",
                "arn:aws-us-gov:securityhub:us-gov-west-1:555566667777:hub/default")), AsffMapper.subjectIds(map(finding)));

        List<Resource> many = java.util.stream.IntStream.range(0, AsffMapper.MAX_RESOURCES)
                .mapToObj(i -> Resource.account(String.format("%012d", i), "us-east-1")).toList();
        AwsSecurityFinding cut = map(new Finding(CONTROL, "us-east-1", Status.FAILED, Severity.HIGH, "d", List.of(),
                many));
        assertEquals(AsffMapper.MAX_RESOURCES, cut.resources().size());
        assertEquals(Optional.empty(), AsffMapper.subjectIds(cut), "Security Hub kept only some: the list is not whole");
    }

    @Test
    void theAlertBaselineIsStoredAndReadBackSoAFailedAlertIsRepeated() {
        Finding failing = new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "off");
        Set<String> controls = Set.of(CONTROL.id());

        AwsSecurityFinding told = MAPPER.toAsff(failing, "aws", "111122223333", "us-east-1", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", NOW, Optional.empty(),
                Optional.of(new Acknowledged(Status.PASSED, Severity.INFORMATIONAL)));
        assertEquals("PASSED/INFORMATIONAL", told.productFields().get(AsffMapper.ALERT_BASELINE));
        assertEquals(Optional.of(new Acknowledged(Status.PASSED, Severity.INFORMATIONAL)),
                MAPPER.read(told, "us-east-1", "aws", "111122223333", controls).orElseThrow().acknowledged());

        AwsSecurityFinding untold = MAPPER.toAsff(failing, "aws", "111122223333", "us-east-1", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z", NOW, Optional.empty(), Optional.empty());
        assertEquals("NONE", untold.productFields().get(AsffMapper.ALERT_BASELINE));
        assertEquals(Optional.empty(),
                MAPPER.read(untold, "us-east-1", "aws", "111122223333", controls).orElseThrow().acknowledged());

        java.util.Map<String, String> legacyFields = new java.util.HashMap<>(told.productFields());
        legacyFields.remove(AsffMapper.ALERT_BASELINE);
        AwsSecurityFinding legacy = told.toBuilder().productFields(legacyFields).build();
        assertEquals(Optional.of(new Acknowledged(Status.FAILED, Severity.MEDIUM)),
                MAPPER.read(legacy, "us-east-1", "aws", "111122223333", controls).orElseThrow().acknowledged(),
                "a finding from before the baseline existed counts as known in its stored state");

        Finding naming = new Finding(CONTROL, "us-east-1", Status.FAILED, Severity.HIGH, "not audited", List.of(),
                List.of(Resource.account("444455556666", "us-east-1"), Resource.account("111122223333", "us-east-1")));
        AwsSecurityFinding withAccounts = MAPPER.toAsff(naming, "aws", "111122223333", "us-east-1",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", NOW, Optional.empty(), Optional.of(Acknowledged.of(naming)));
        String baseline = withAccounts.productFields().get(AsffMapper.ALERT_BASELINE);
        assertTrue(baseline.matches("FAILED/HIGH/[0-9a-f]{32}"), baseline);
        assertEquals(Optional.of(Acknowledged.of(naming)), MAPPER.read(withAccounts, "us-east-1", "aws", "111122223333",
                controls).orElseThrow().acknowledged(), "the accounts it named are read back with its state");

        for (String garbled : List.of("FAILED", "FAILED/", "BOGUS/HIGH", "FAILED/LOUD", "FAILED/HIGH/x",
                "FAILED/HIGH/" + "A".repeat(32), "FAILED/HIGH/0123456789abcdef0123456789abcdef/x", "")) {
            java.util.Map<String, String> fields = new java.util.HashMap<>(told.productFields());
            fields.put(AsffMapper.ALERT_BASELINE, garbled);
            assertEquals(Optional.empty(), MAPPER.read(told.toBuilder().productFields(fields).build(), "us-east-1", "aws",
                    "111122223333", controls).orElseThrow().acknowledged(),
                    "'" + garbled + "' is nothing known: the finding is alerted again rather than dropped");
        }
    }

    @Test
    void resourcesNameWhatTheFindingJudgesWithTypesFromSecurityHubsModel() {
        Finding finding = new Finding(CONTROL, "eu-west-1", Status.FAILED, Severity.MEDIUM, "broken", List.of(), List.of(
                new Resource(Resource.Kind.S3_BUCKET, "arn:aws:s3:::logs", "eu-west-1"),
                new Resource(Resource.Kind.LOG_GROUP, "arn:aws:logs:eu-west-1:111122223333:log-group:/bedrock", "eu-west-1"),
                new Resource(Resource.Kind.IAM_ROLE, "arn:aws:iam::111122223333:role/BedrockLogging", "eu-west-1"),
                new Resource(Resource.Kind.KMS_KEY, "arn:aws:kms:eu-west-1:111122223333:key/k-1", "eu-west-1")));

        AwsSecurityFinding asff = map(finding);

        assertEquals(List.of("Other", "AwsS3Bucket", "Other", "AwsIamRole", "AwsKmsKey"),
                asff.resources().stream().map(software.amazon.awssdk.services.securityhub.model.Resource::type).toList());
        assertEquals("arn:aws:bedrock:eu-west-1:111122223333:model-invocation-logging", asff.resources().get(0).id(),
                "the region's configuration stays first");
        assertEquals("arn:aws:s3:::logs", asff.resources().get(1).id());
        assertEquals("arn:aws:kms:eu-west-1:111122223333:key/k-1", asff.resources().get(4).id());
        Set<String> modelTypes = new java.util.HashSet<>();
        for (SdkField<?> field : ResourceDetails.builder().build().sdkFields()) {
            modelTypes.add(field.memberName());
        }
        for (Resource.Kind kind : Resource.Kind.values()) {
            String type = AsffMapper.resourceType(kind);
            if (type.equals("Other")) {
                Map<Resource.Kind, String> untyped = Map.of(Resource.Kind.LOG_GROUP, "LogGroup",
                        Resource.Kind.EVENTBRIDGE_RULE, "EventsRule", Resource.Kind.AWS_ACCOUNT, "AwsAccount",
                        Resource.Kind.SECURITY_HUB, "SecurityHub");
                assertTrue(untyped.containsKey(kind), kind.name());
                String missing = untyped.get(kind);
                assertTrue(modelTypes.stream().noneMatch(t -> t.contains(missing)),
                        "Security Hub's model has no " + missing + " type: " + modelTypes);
            } else {
                assertTrue(modelTypes.contains(type), kind + " as " + type + " is not in Security Hub's model");
            }
        }
    }

    @Test
    void theEnabledControlsRemediationIsTheCompleteCommandForTheLongestRegionName() {
        ControlSuite controls = ControlSuite.standard(EnumSet.allOf(DataType.class), 90);
        for (String region : List.of("ap-southeast-7", "us-gov-west-1", "eu-west-1")) {
            Finding off = controls.evaluate(Reports.evidence(region, new LoggingState.Disabled())).get(0);

            String text = map(off).remediation().recommendation().text();

            Fix configure = off.fixes().get(off.fixes().size() - 1);
            assertTrue(text.length() <= AsffMapper.MAX_RECOMMENDATION_TEXT, text.length() + ": " + text);
            assertTrue(text.startsWith("First: Create bucket bedrock-invocation-logs-" + Reports.ACCOUNT + "-" + region
                    + " (private, versioned, KMS-encrypted, writable by Bedrock). Then: "), text);
            assertTrue(text.contains(configure.commands().get(0)), text);
            for (String type : List.of("text", "image", "embedding", "video", "audio")) {
                assertTrue(text.contains("\"" + type + "DataDeliveryEnabled\":true"), type + " in " + text);
            }
        }
    }

    @Test
    void aFindingWithoutFixesKeepsTheControlsAdvice() {
        Finding passed = new Finding(CONTROL, "eu-west-1", Status.PASSED, Severity.INFORMATIONAL, "ok");

        assertEquals("Run put-model-invocation-logging-configuration --region eu-west-1.",
                map(passed).remediation().recommendation().text());
    }
}
