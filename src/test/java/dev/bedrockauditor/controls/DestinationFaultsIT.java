package dev.bedrockauditor.controls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.bedrockauditor.testing.AwsStubs;
import dev.bedrockauditor.testing.CommandRun;
import dev.bedrockauditor.testing.Reports;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every destination read refused with AccessDenied: the control that needs it is NOT_AVAILABLE with the
 * permission to grant, never FAILED by guess, and the other reads still count.
 */
class DestinationFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String BUCKET = "audit-logs";
    private static final String GROUP = "/aws/bedrock/logs";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/BedrockLogging";
    private static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/k";

    private WireMockServer aws;
    private URI endpoint;

    @BeforeEach
    void start() {
        aws = AwsStubs.start(ACCOUNT);
        endpoint = AwsStubs.endpoint(aws);
        aws.stubFor(get(urlEqualTo("/logging/modelinvocations")).willReturn(okJson("{\"loggingConfig\":{"
                + "\"s3Config\":{\"bucketName\":\"" + BUCKET + "\"},"
                + "\"cloudWatchConfig\":{\"logGroupName\":\"" + GROUP + "\",\"roleArn\":\"" + ROLE + "\"},"
                + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":true,\"embeddingDataDeliveryEnabled\":true,"
                + "\"videoDataDeliveryEnabled\":true,\"audioDataDeliveryEnabled\":true}}")));
        // A healthy destination, read by read.
        aws.stubFor(bucketRead("location").atPriority(10).willReturn(xml(200,
                "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>")));
        aws.stubFor(bucketRead("policy").atPriority(10).willReturn(okJson(
                Reports.setupGuideBucketPolicy(BUCKET, "", ACCOUNT, "us-east-1"))));
        aws.stubFor(bucketRead("encryption").atPriority(10).willReturn(xml(200, "<ServerSideEncryptionConfiguration>"
                + "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>" + KEY + "</KMSMasterKeyID>"
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>")));
        aws.stubFor(bucketRead("publicAccessBlock").atPriority(10).willReturn(xml(200, "<PublicAccessBlockConfiguration>"
                + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
                + "</PublicAccessBlockConfiguration>")));
        aws.stubFor(bucketRead("versioning").atPriority(10).willReturn(xml(200,
                "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")));
        aws.stubFor(bucketRead("object-lock").atPriority(10).willReturn(xml(404,
                "<Error><Code>ObjectLockConfigurationNotFoundError</Code><Message>none</Message></Error>")));
        aws.stubFor(logsRead().atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"logGroups\":[{\"logGroupName\":\"" + GROUP + "\",\"kmsKeyId\":\"" + KEY
                        + "\",\"retentionInDays\":365}]}")));
        aws.stubFor(bucketRead("ownershipControls").atPriority(10).willReturn(xml(200, "<OwnershipControls><Rule>"
                + "<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>")));
        aws.stubFor(kmsRead("DescribeKey").atPriority(10).willReturn(json("{\"KeyMetadata\":{\"KeyId\":\"k\","
                + "\"Arn\":\"" + KEY + "\",\"KeyState\":\"Enabled\",\"Enabled\":true,\"KeyManager\":\"CUSTOMER\"}}")));
        aws.stubFor(kmsRead("GetKeyPolicy").atPriority(10).willReturn(json("{\"PolicyName\":\"default\",\"Policy\":"
                + JSON.valueToTree(keyPolicy()).toString() + "}")));
        aws.stubFor(iamRead("ListRolePolicies").atPriority(10).willReturn(xml(200, "<ListRolePoliciesResponse>"
                + "<ListRolePoliciesResult><PolicyNames><member>BedrockWritesLogs</member></PolicyNames>"
                + "<IsTruncated>false</IsTruncated></ListRolePoliciesResult></ListRolePoliciesResponse>")));
        aws.stubFor(iamRead("GetRolePolicy").atPriority(10).willReturn(xml(200, "<GetRolePolicyResponse>"
                + "<GetRolePolicyResult><RoleName>BedrockLogging</RoleName><PolicyName>BedrockWritesLogs</PolicyName>"
                + "<PolicyDocument>" + URLEncoder.encode(Reports.setupGuideRolePolicy(ACCOUNT, "us-east-1", GROUP),
                        StandardCharsets.UTF_8) + "</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>")));
        aws.stubFor(iamRead("ListAttachedRolePolicies").atPriority(10).willReturn(xml(200,
                "<ListAttachedRolePoliciesResponse><ListAttachedRolePoliciesResult><AttachedPolicies/>"
                        + "<IsTruncated>false</IsTruncated></ListAttachedRolePoliciesResult>"
                        + "</ListAttachedRolePoliciesResponse>")));
        aws.stubFor(iamRead("GetRole").atPriority(10).willReturn(xml(200, "<GetRoleResponse><GetRoleResult><Role>"
                + "<Path>/</Path><RoleName>BedrockLogging</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>" + ROLE + "</Arn>"
                + "<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>"
                + URLEncoder.encode(Reports.setupGuideTrustPolicy(ACCOUNT), StandardCharsets.UTF_8)
                + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private static MappingBuilder bucketRead(String subresource) {
        return get(urlPathEqualTo("/" + BUCKET)).withQueryParam(subresource, matching(".*"));
    }

    private static MappingBuilder logsRead() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("Logs_20140328.DescribeLogGroups"));
    }

    private static MappingBuilder iamRead(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    private static MappingBuilder kmsRead(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService." + operation));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    /** One key for the bucket and the log group: the setup guide's statement for Bedrock, and CloudWatch Logs'. */
    private static String keyPolicy() {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(Reports.setupGuideKeyPolicy(ACCOUNT, "us-east-1"));
            policy.withArray("Statement").add(JSON.readTree(Reports.logsKeyPolicy(ACCOUNT, "us-east-1", GROUP))
                    .get("Statement").get(1));
            return policy.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return AwsStubs.xml(status, body);
    }

    private Map<String, JsonNode> audit() throws Exception {
        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--regions", "us-east-1", "--output", "json");
        Map<String, JsonNode> findings = new HashMap<>();
        JSON.readTree(run.stdout()).get("findings").forEach(f -> findings.put(f.get("controlId").asText(), f));
        assertEquals(5, findings.size(), run.stdout() + run.stderr());
        return findings;
    }

    @Test
    void theStubbedDestinationIsHealthy() throws Exception {
        Map<String, JsonNode> findings = audit();

        for (String control : new String[] {DestinationCheck.ID, EncryptionCheck.ID, LogProtectionCheck.ID}) {
            assertEquals("PASSED", findings.get(control).get("status").asText(), findings.get(control).toString());
        }
    }

    static Stream<Arguments> deniedReads() {
        ResponseDefinitionBuilder s3Denied = xml(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
        ResponseDefinitionBuilder iamDenied = xml(403, "<ErrorResponse><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>not authorized</Message></Error></ErrorResponse>");
        ResponseDefinitionBuilder kmsDenied = aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}");
        return Stream.of(
                Arguments.of("GetBucketLocation", bucketRead("location").willReturn(s3Denied), DestinationCheck.ID,
                        "log bucket audit-logs existence and region not readable: AccessDenied: the auditor's role"
                                + " lacks s3:GetBucketLocation"),
                Arguments.of("GetBucketPolicy", bucketRead("policy").willReturn(s3Denied), DestinationCheck.ID,
                        "log bucket audit-logs policy not readable: AccessDenied: the auditor's role lacks"
                                + " s3:GetBucketPolicy (or a service control policy or permissions boundary denies it);"
                                + " or the bucket belongs to another account (Bedrock supports only destinations from"
                                + " the same account and Region)"),
                Arguments.of("GetBucketEncryption", bucketRead("encryption").willReturn(s3Denied), EncryptionCheck.ID,
                        "log bucket audit-logs default encryption not readable: AccessDenied: the auditor's role lacks"
                                + " s3:GetEncryptionConfiguration"),
                Arguments.of("GetPublicAccessBlock", bucketRead("publicAccessBlock").willReturn(s3Denied),
                        LogProtectionCheck.ID, "log bucket audit-logs public access block not readable: AccessDenied:"
                                + " the auditor's role lacks s3:GetBucketPublicAccessBlock"),
                Arguments.of("GetBucketVersioning", bucketRead("versioning").willReturn(s3Denied), LogProtectionCheck.ID,
                        "log bucket audit-logs versioning not readable: AccessDenied: the auditor's role lacks"
                                + " s3:GetBucketVersioning"),
                Arguments.of("DescribeLogGroups", logsRead().willReturn(aResponse().withStatus(400)
                                .withHeader("Content-Type", "application/x-amz-json-1.1")
                                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}")),
                        DestinationCheck.ID, "log group /aws/bedrock/logs not readable: AccessDenied: the auditor's"
                                + " role lacks logs:DescribeLogGroups"),
                Arguments.of("GetRole", iamRead("GetRole").willReturn(iamDenied), DestinationCheck.ID,
                        "role BedrockLogging not readable: AccessDenied: the auditor's role lacks iam:GetRole"),
                Arguments.of("ListRolePolicies", iamRead("ListRolePolicies").willReturn(iamDenied), DestinationCheck.ID,
                        "role BedrockLogging inline policy names not readable: AccessDenied: the auditor's role lacks"
                                + " iam:ListRolePolicies"),
                Arguments.of("GetRolePolicy", iamRead("GetRolePolicy").willReturn(iamDenied), DestinationCheck.ID,
                        "role BedrockLogging inline policy BedrockWritesLogs not readable: AccessDenied: the auditor's"
                                + " role lacks iam:GetRolePolicy"),
                Arguments.of("ListAttachedRolePolicies", iamRead("ListAttachedRolePolicies").willReturn(iamDenied),
                        DestinationCheck.ID, "role BedrockLogging attached policies not readable: AccessDenied: the"
                                + " auditor's role lacks iam:ListAttachedRolePolicies"),
                Arguments.of("GetBucketOwnershipControls", bucketRead("ownershipControls").willReturn(s3Denied),
                        DestinationCheck.ID, "log bucket audit-logs Object Ownership not readable: AccessDenied: the"
                                + " auditor's role lacks s3:GetBucketOwnershipControls"),
                Arguments.of("DescribeKey", kmsRead("DescribeKey").willReturn(kmsDenied), DestinationCheck.ID,
                        "KMS key " + KEY + " not readable: AccessDenied: the auditor's role lacks kms:DescribeKey"),
                Arguments.of("GetKeyPolicy", kmsRead("GetKeyPolicy").willReturn(kmsDenied), DestinationCheck.ID,
                        "KMS key " + KEY + " policy not readable: AccessDenied: the auditor's role lacks"
                                + " kms:GetKeyPolicy"));
    }

    @ParameterizedTest(name = "{0} denied")
    @MethodSource("deniedReads")
    void aDeniedReadMakesItsControlNotAvailableNamingThePermission(
            String operation, MappingBuilder denied, String control, String reason) throws Exception {
        aws.stubFor(denied.atPriority(1));

        Map<String, JsonNode> findings = audit();

        JsonNode finding = findings.get(control);
        assertEquals("NOT_AVAILABLE", finding.get("status").asText(), finding.toString());
        assertTrue(finding.get("detail").asText().contains(reason), finding.toString());
        assertTrue(!finding.get("severity").asText().equals("INFORMATIONAL"), "a gap to act on: " + finding);
        findings.values().forEach(f -> assertTrue(!f.get("status").asText().equals("FAILED"),
                "nothing is failed by guess: " + f));
    }

    @Test
    void aDeniedObjectLockReadMattersOnlyWithoutVersioning() throws Exception {
        aws.stubFor(bucketRead("object-lock").atPriority(1).willReturn(
                xml(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));
        assertEquals("PASSED", audit().get(LogProtectionCheck.ID).get("status").asText(), "versioning is on");

        aws.stubFor(bucketRead("versioning").atPriority(1).willReturn(xml(200,
                "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>")));
        JsonNode protection = audit().get(LogProtectionCheck.ID);
        assertEquals("NOT_AVAILABLE", protection.get("status").asText(), protection.toString());
        assertTrue(protection.get("detail").asText().contains("log bucket audit-logs Object Lock not readable:"
                + " AccessDenied: the auditor's role lacks s3:GetBucketObjectLockConfiguration"), protection.toString());
    }
}
