package dev.bedrockauditor.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.testing.AwsStubs;
import dev.bedrockauditor.testing.CommandRun;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults moto cannot produce (AccessDenied, throttling, 5xx, timeouts, malformed replies) and
 * account:ListRegions, which moto lacks, served by WireMock to the real SDK clients.
 */
class RegionFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String LOGGING_PATH = "/logging/modelinvocations";
    private static final String FULL_CONFIG = "{\"loggingConfig\":{\"s3Config\":{\"bucketName\":\"audit-logs\"},"
            + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":true,\"embeddingDataDeliveryEnabled\":true,"
            + "\"videoDataDeliveryEnabled\":true,\"audioDataDeliveryEnabled\":true}}";

    private WireMockServer aws;
    private URI endpoint;

    @BeforeEach
    void start() {
        aws = AwsStubs.start(ACCOUNT);
        endpoint = AwsStubs.endpoint(aws);
        // The bucket the stubbed configurations name does not exist, as S3 says it.
        aws.stubFor(any(urlPathEqualTo("/audit-logs")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml").withBody("<Error><Code>NoSuchBucket</Code>"
                        + "<Message>The specified bucket does not exist</Message></Error>")));
        // Any region not stubbed otherwise answers with full logging.
        aws.stubFor(get(urlEqualTo(LOGGING_PATH)).atPriority(10).willReturn(okJson(FULL_CONFIG)));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private void bedrockIn(String region, ResponseDefinitionBuilder response) {
        aws.stubFor(AwsStubs.inRegion(get(urlEqualTo(LOGGING_PATH)), region, "bedrock").atPriority(1)
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return AwsStubs.jsonError(status, code, message);
    }

    private static Map<String, JsonNode> loggingFindings(JsonNode report) {
        Map<String, JsonNode> findings = new TreeMap<>();
        report.get("findings").forEach(f -> {
            if (f.get("controlId").asText().equals("bedrock-invocation-logging-enabled")) {
                findings.put(f.get("region").asText(), f);
            }
        });
        return findings;
    }

    /**
     * A region whose configuration was read: it names the stubbed bucket, which does not exist here, so the
     * enabled control fails for a configuration that records nothing (not NOT_AVAILABLE for a failed read).
     */
    private static void assertConfiguredAndRead(JsonNode logging) {
        assertEquals("FAILED", logging.get("status").asText(), logging.toString());
        assertTrue(logging.get("detail").asText().startsWith("Logging is configured (S3 s3://audit-logs/) but records"
                + " nothing"), logging.toString());
    }

    private long bedrockRequestsIn(String region) {
        return aws.findAll(getRequestedFor(urlEqualTo(LOGGING_PATH))
                .withHeader("Authorization", matching(".*/" + region + "/bedrock/aws4_request.*"))).size();
    }

    @Test
    void eachFailingRegionIsNotAvailableWithAnActionableReasonAndTheOthersAreStillChecked() throws Exception {
        bedrockIn("eu-west-1", jsonError(403, "AccessDeniedException", "User is not authorized to perform this"));
        bedrockIn("us-west-2", jsonError(429, "ThrottlingException", "Rate exceeded"));
        bedrockIn("ap-northeast-1", jsonError(503, "ServiceUnavailableException", "Service unavailable"));
        bedrockIn("eu-central-1", okJson(FULL_CONFIG).withFixedDelay(3_000));
        bedrockIn("ap-southeast-2", okJson("{\"loggingConfig\":{\"s3Config\":{\"bucketName\":"));
        bedrockIn("ca-central-1", okJson("{\"loggingConfig\":{}}"));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--output", "json",
                "--regions", "us-east-1,eu-west-1,us-west-2,ap-northeast-1,eu-central-1,ap-southeast-2,ca-central-1",
                "--attempt-timeout", "0.5", "--call-timeout", "10");

        assertEquals(2, run.exitCode(), "a region could not be checked: " + run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        Map<String, JsonNode> findings = loggingFindings(report);
        assertEquals(7, findings.size());
        assertConfiguredAndRead(findings.get("us-east-1"));
        assertEquals("FAILED", findings.get("ca-central-1").get("status").asText());
        assertEquals("Could not read the logging configuration: AccessDenied: the auditor's role lacks"
                        + " bedrock:GetModelInvocationLoggingConfiguration (or a service control policy or permissions"
                        + " boundary denies it).",
                findings.get("eu-west-1").get("detail").asText());
        assertEquals("Could not read the logging configuration: ThrottlingException: throttled on every attempt"
                        + " (3 attempts); run again later or lower --max-concurrency.",
                findings.get("us-west-2").get("detail").asText());
        assertEquals("Could not read the logging configuration: ServiceUnavailableException (HTTP 503): the service"
                        + " failed on every attempt (3 attempts); run again later.",
                findings.get("ap-northeast-1").get("detail").asText());
        assertEquals("Could not read the logging configuration: Timeout: every attempt took longer than the attempt"
                        + " timeout of 500ms; check the network path to AWS or raise --attempt-timeout.",
                findings.get("eu-central-1").get("detail").asText());
        assertTrue(findings.get("ap-southeast-2").get("detail").asText()
                        .startsWith("Could not read the logging configuration: unreadable reply from the service on"
                                + " every attempt (3 attempts): Unable to unmarshall response"),
                findings.get("ap-southeast-2").toString());
        for (String region : List.of("eu-west-1", "us-west-2", "ap-northeast-1", "eu-central-1", "ap-southeast-2")) {
            assertEquals("NOT_AVAILABLE", findings.get(region).get("status").asText(), region);
            assertEquals("MEDIUM", findings.get(region).get("severity").asText(), region);
        }
        assertEquals("[\"ap-northeast-1\",\"ap-southeast-2\",\"eu-central-1\",\"eu-west-1\",\"us-west-2\"]",
                report.get("summary").get("regionsNotChecked").toString());
        // The SDK's standard strategy retried the retryable faults, a reply it could not read like a reset
        // connection, and not AccessDenied.
        assertEquals(3, bedrockRequestsIn("us-west-2"));
        assertEquals(3, bedrockRequestsIn("ap-northeast-1"));
        assertEquals(3, bedrockRequestsIn("ap-southeast-2"));
        assertEquals(1, bedrockRequestsIn("eu-west-1"));
        assertFalse(run.stderr().contains("Exception\n\tat "), "no stack trace for a failing region: " + run.stderr());
    }

    @Test
    void theCallTimeoutBoundsARegionThatNeverAnswers() throws Exception {
        bedrockIn("eu-central-1", okJson(FULL_CONFIG).withFixedDelay(5_000));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--output", "json",
                "--regions", "us-east-1,eu-central-1", "--attempt-timeout", "0.8", "--call-timeout", "1");

        assertEquals(2, run.exitCode(), run.stderr());
        Map<String, JsonNode> findings = loggingFindings(JSON.readTree(run.stdout()));
        assertConfiguredAndRead(findings.get("us-east-1"));
        assertEquals("Could not read the logging configuration: Timeout: no answer within the call timeout of 1s"
                        + " (retries included); check the network path to AWS or raise --call-timeout.",
                findings.get("eu-central-1").get("detail").asText());
    }

    @Test
    void discoveryReadsEveryPageOfListRegionsAndKeepsOnlyEnabledBedrockRegions() throws Exception {
        aws.stubFor(post(urlEqualTo("/listRegions")).withRequestBody(notContaining("NextToken"))
                .willReturn(okJson("{\"Regions\":["
                        + "{\"RegionName\":\"us-east-1\",\"RegionOptStatus\":\"ENABLED_BY_DEFAULT\"},"
                        + "{\"RegionName\":\"af-south-1\",\"RegionOptStatus\":\"DISABLED\"},"
                        + "{\"RegionName\":\"ap-east-1\",\"RegionOptStatus\":\"ENABLED\"}],"
                        + "\"NextToken\":\"page-2\"}")));
        aws.stubFor(post(urlEqualTo("/listRegions")).withRequestBody(containing("\"NextToken\":\"page-2\""))
                .willReturn(okJson("{\"Regions\":["
                        + "{\"RegionName\":\"eu-south-1\",\"RegionOptStatus\":\"ENABLED\"},"
                        + "{\"RegionName\":\"us-west-2\",\"RegionOptStatus\":\"ENABLED_BY_DEFAULT\"},"
                        + "{\"RegionName\":\"me-south-1\",\"RegionOptStatus\":\"ENABLING\"}]}")));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--output", "json");

        // Exit 1: the bucket the stubbed configurations name does not exist here, so the regions record nothing.
        assertEquals(1, run.exitCode(), run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        assertEquals("ENABLED_REGIONS", report.get("regionSource").asText());
        loggingFindings(report).values().forEach(RegionFaultsIT::assertConfiguredAndRead);
        assertEquals("[\"eu-south-1\",\"us-east-1\",\"us-west-2\"]", report.get("regions").toString());
        assertEquals(0, report.get("warnings").size());
        aws.verify(2, postRequestedFor(urlEqualTo("/listRegions")));
        aws.verify(postRequestedFor(urlEqualTo("/listRegions"))
                .withRequestBody(containing("\"RegionOptStatusContains\":[\"ENABLED\",\"ENABLED_BY_DEFAULT\"]")
                        .or(containing("\"RegionOptStatusContains\":[\"ENABLED_BY_DEFAULT\",\"ENABLED\"]"))));
    }

    @Test
    void whenListRegionsIsDeniedEveryBedrockRegionIsAuditedAndOptInErrorsSayWhy() throws Exception {
        aws.stubFor(post(urlEqualTo("/listRegions"))
                .willReturn(jsonError(403, "AccessDeniedException", "not authorized to perform account:ListRegions")));
        bedrockIn("af-south-1", jsonError(403, "UnrecognizedClientException",
                "The security token included in the request is invalid."));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--output", "json");

        assertEquals(2, run.exitCode(), run.stderr());
        JsonNode report = JSON.readTree(run.stdout());
        Set<String> bedrockRegions = RegionCatalog.fromSdkMetadata().bedrockRegionsIn("aws");
        List<String> audited = new ArrayList<>();
        report.get("regions").forEach(region -> audited.add(region.asText()));
        assertEquals(List.copyOf(bedrockRegions), audited);
        assertEquals("ALL_BEDROCK_REGIONS", report.get("regionSource").asText());
        Map<String, JsonNode> findings = loggingFindings(report);
        assertEquals("Could not read the logging configuration: region may not be enabled for this account"
                        + " (UnrecognizedClientException: the credentials are not accepted here; they may be wrong, or"
                        + " the region may not be enabled for this account).",
                findings.get("af-south-1").get("detail").asText());
        assertEquals("[\"af-south-1\"]", report.get("summary").get("regionsNotChecked").toString());
        assertEquals(1, run.stderr().lines().filter(line -> line.startsWith("WARNING: account:ListRegions failed"
                + " (AccessDenied: the auditor's role lacks account:ListRegions")).count(), run.stderr());
    }

    @Test
    void theAuditMakesOnlyReadCallsAndReadsDestinationsOnlyInTheScope() {
        aws.stubFor(post(urlEqualTo("/listRegions")).willReturn(okJson("{\"Regions\":["
                + "{\"RegionName\":\"us-east-1\",\"RegionOptStatus\":\"ENABLED_BY_DEFAULT\"},"
                + "{\"RegionName\":\"eu-west-1\",\"RegionOptStatus\":\"ENABLED_BY_DEFAULT\"}]}")));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of());

        assertEquals(1, run.exitCode(), "the configured bucket does not exist here: " + run.stderr());
        List<ServeEvent> requests = aws.getAllServeEvents();
        Set<String> bedrockRegions = RegionCatalog.fromSdkMetadata().bedrockRegionsIn("aws");
        for (String region : bedrockRegions) {
            assertTrue(bedrockRequestsIn(region) <= 1, "each region's configuration is read at most once: " + region);
        }
        assertEquals(1, bedrockRequestsIn("us-east-1"));
        assertEquals(1, bedrockRequestsIn("eu-west-1"));
        for (ServeEvent event : requests) {
            String call = event.getRequest().getMethod() + " " + event.getRequest().getUrl();
            String body = event.getRequest().getBodyAsString();
            boolean read = call.equals("GET " + LOGGING_PATH) || call.equals("POST /listRegions")
                    || (call.startsWith("GET /audit-logs?") && event.getRequest().getHeader("Authorization")
                            .matches(".*/(us-east-1|eu-west-1)/s3/aws4_request.*"))
                    || (call.equals("POST /") && body.contains("Action=GetCallerIdentity"));
            assertTrue(read, "unexpected call, or a destination read outside the scope: " + call + " " + body);
        }
    }

    @Test
    void anUnidentifiableAccountIsAConfigurationErrorWithExitTwo() {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                                + "<Code>InvalidClientTokenId</Code><Message>The security token included in the request"
                                + " is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>")));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--regions", "us-east-1");

        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertEquals("bedrock-logging-auditor: cannot identify the AWS account (sts:GetCallerIdentity in us-east-1):"
                + " InvalidClientTokenId: the credentials are not accepted here; they may be wrong, or the region may"
                + " not be enabled for this account", run.stderr().strip());
    }

    @Test
    void headerMatchingReallySeparatesRegions() throws Exception {
        // Guards the other tests: a stub for one region must not answer another.
        bedrockIn("eu-west-1", jsonError(403, "AccessDeniedException", "denied"));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--regions", "us-east-1", "--output", "json");

        assertConfiguredAndRead(loggingFindings(JSON.readTree(run.stdout())).get("us-east-1"));
        assertEquals(1, bedrockRequestsIn("us-east-1"));
        assertEquals(0, bedrockRequestsIn("eu-west-1"));
    }

    @Test
    void anAccountWithNoBedrockRegionEnabledIsNothingToAuditWithExitTwo() {
        aws.stubFor(post(urlEqualTo("/listRegions")).willReturn(okJson("{\"Regions\":["
                + "{\"RegionName\":\"ap-southeast-6\",\"RegionOptStatus\":\"ENABLED\"}]}")));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of());

        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals("", run.stdout(), "no report claims anything about nothing");
        assertTrue(run.stderr().strip().startsWith("bedrock-logging-auditor: nothing to audit: account:ListRegions"
                + " reports none of the "), run.stderr());
        assertTrue(run.stderr().contains(" Bedrock regions of partition aws as enabled for account " + ACCOUNT
                + "; enable one, or name regions with --regions or AUDIT_REGIONS"), run.stderr());
        aws.verify(0, getRequestedFor(urlPathEqualTo("/audit-logs")));
    }
}
