package dev.bedrockauditor.controls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.bedrockauditor.testing.AwsStubs;
import dev.bedrockauditor.testing.CommandRun;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Change detection's reads refused with AccessDenied, which moto cannot do: the control is NOT_AVAILABLE naming
 * the permission to grant, never WARNING by guess, and the run is incomplete (exit status 2). The stubs also pin
 * down where each read goes: an organization trail of the management account, homed in another region, is read
 * by its ARN, its status in the audited region and its selectors in its home region.
 */
class ChangeDetectionFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String TRAIL_HOME = "us-east-2";
    private static final String RULE = "bedrock-logging-auditor-changes";
    private static final String TRAIL_ARN = "arn:aws:cloudtrail:" + TRAIL_HOME + ":999988887777:trail/org-trail";

    private WireMockServer aws;
    private URI endpoint;

    @BeforeEach
    void start() {
        aws = AwsStubs.start(ACCOUNT);
        endpoint = AwsStubs.endpoint(aws);
        // Logging is off: change detection is judged all the same, and no destination is read.
        aws.stubFor(get(urlEqualTo("/logging/modelinvocations")).willReturn(okJson("{}")));
        aws.stubFor(cloudTrail("DescribeTrails", REGION).atPriority(10).willReturn(json("{\"trailList\":[{"
                + "\"Name\":\"org-trail\",\"TrailARN\":\"" + TRAIL_ARN + "\",\"HomeRegion\":\"" + TRAIL_HOME + "\","
                + "\"IsMultiRegionTrail\":true,\"IsOrganizationTrail\":true,\"S3BucketName\":\"org-trail-logs\"}]}")));
        aws.stubFor(cloudTrail("GetTrailStatus", REGION).atPriority(10).willReturn(json("{\"IsLogging\":true}")));
        aws.stubFor(cloudTrail("GetEventSelectors", TRAIL_HOME).atPriority(10).willReturn(json("{\"TrailARN\":\""
                + TRAIL_ARN + "\",\"EventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,"
                + "\"DataResources\":[],\"ExcludeManagementEventSources\":[]}]}")));
        aws.stubFor(events("DescribeRule").atPriority(10).willReturn(json("{\"Name\":\"" + RULE + "\",\"Arn\":"
                + "\"arn:aws:events:us-east-1:" + ACCOUNT + ":rule/" + RULE + "\",\"State\":\"ENABLED\","
                + "\"EventBusName\":\"default\"}")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    /** A CloudTrail call signed for one region, as the SDK sends it (JSON 1.1, X-Amz-Target). */
    private static MappingBuilder cloudTrail(String operation, String region) {
        return AwsStubs.inRegion(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", matching(".*CloudTrail_20131101\\." + operation)), region, "cloudtrail");
    }

    private static MappingBuilder events(String operation) {
        return AwsStubs.inRegion(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents." + operation)),
                REGION, "events");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static ResponseDefinitionBuilder denied() {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}");
    }

    private record Audit(int exitCode, JsonNode detection) {}

    private Audit audit() throws Exception {
        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--regions", REGION, "--output", "json",
                "--change-detection-rule", RULE);
        for (JsonNode finding : JSON.readTree(run.stdout()).get("findings")) {
            if (finding.get("controlId").asText().equals(ChangeDetectionCheck.ID)) {
                return new Audit(run.exitCode(), finding);
            }
        }
        throw new AssertionError("no change-detection finding: " + run.stdout() + run.stderr());
    }

    @Test
    void anOrganizationTrailHomedElsewhereIsReadByArnWhereItsSettingsAndStatusLive() throws Exception {
        Audit audit = audit();

        assertEquals("PASSED", audit.detection().get("status").asText(), audit.detection().toString());
        assertTrue(audit.detection().get("detail").asText().contains("organization trail org-trail logs management"
                + " write events in us-east-1"), audit.detection().toString());
        assertEquals(1, audit.exitCode(), "logging itself is off");
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", matching(".*\\.GetTrailStatus"))
                .withRequestBody(containing("\"Name\":\"" + TRAIL_ARN + "\"")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", matching(".*\\.GetEventSelectors"))
                .withRequestBody(containing("\"TrailName\":\"" + TRAIL_ARN + "\"")));
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", matching(".*\\.DescribeTrails"))
                .withRequestBody(containing("\"includeShadowTrails\":true")));
    }

    static Stream<Arguments> deniedReads() {
        return Stream.of(
                Arguments.of("DescribeTrails", cloudTrail("DescribeTrails", REGION),
                        "trails of us-east-1 not readable: AccessDenied: the auditor's role lacks"
                                + " cloudtrail:DescribeTrails (or a service control policy or permissions boundary"
                                + " denies it)"),
                Arguments.of("GetTrailStatus", cloudTrail("GetTrailStatus", REGION),
                        "trail org-trail status in us-east-1 not readable: AccessDenied: the auditor's role lacks"
                                + " cloudtrail:GetTrailStatus"),
                Arguments.of("GetEventSelectors", cloudTrail("GetEventSelectors", TRAIL_HOME),
                        "trail org-trail event selectors not readable: AccessDenied: the auditor's role lacks"
                                + " cloudtrail:GetEventSelectors"),
                Arguments.of("DescribeRule", events("DescribeRule"),
                        "EventBridge rule " + RULE + " in us-east-1 not readable: AccessDenied: the auditor's role"
                                + " lacks events:DescribeRule"));
    }

    @ParameterizedTest(name = "{0} denied")
    @MethodSource("deniedReads")
    void aRefusedReadIsNotAvailableNamingThePermission(String operation, MappingBuilder read, String reason)
            throws Exception {
        aws.stubFor(read.atPriority(1).willReturn(denied()));

        Audit audit = audit();

        assertEquals("NOT_AVAILABLE", audit.detection().get("status").asText(), audit.detection().toString());
        assertEquals("LOW", audit.detection().get("severity").asText(), "its own reason, so the control's severity");
        assertTrue(audit.detection().get("detail").asText().startsWith("Could not check: " + reason),
                audit.detection().toString());
        assertEquals(0, audit.detection().get("fixes").size());
        assertEquals(2, audit.exitCode(), "something could not be checked: the audit is incomplete");
    }
}
