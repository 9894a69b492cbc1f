package dev.bedrockauditor.publish;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
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
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bedrockauditor.testing.AwsStubs;
import dev.bedrockauditor.testing.CommandRun;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Security Hub and SNS failing in the ways moto cannot: partial refusals, refused regions, throttling, SNS errors. */
class PublishFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String TOPIC = "arn:aws:sns:us-east-1:" + ACCOUNT + ":bedrock-alerts";
    private static final String IMPORT = "/findings/import";
    private static final String FULL_CONFIG = "{\"loggingConfig\":{\"s3Config\":{\"bucketName\":\"audit-logs\"},"
            + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":true,\"embeddingDataDeliveryEnabled\":true,"
            + "\"videoDataDeliveryEnabled\":true,\"audioDataDeliveryEnabled\":true}}";

    private WireMockServer aws;
    private URI endpoint;

    @BeforeEach
    void start() {
        aws = AwsStubs.start(ACCOUNT);
        endpoint = AwsStubs.endpoint(aws);
        aws.stubFor(inRegion(get(urlEqualTo("/logging/modelinvocations")), "eu-west-1", "bedrock")
                .willReturn(okJson(FULL_CONFIG)));
        aws.stubFor(inRegion(get(urlEqualTo("/logging/modelinvocations")), "us-west-2", "bedrock")
                .willReturn(okJson("{\"loggingConfig\":{}}")));
        // The bucket the stubbed configurations name does not exist, as S3 says it.
        aws.stubFor(any(urlPathEqualTo("/audit-logs")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml").withBody("<Error><Code>NoSuchBucket</Code>"
                        + "<Message>The specified bucket does not exist</Message></Error>")));
        aws.stubFor(post(urlEqualTo("/findings")).willReturn(okJson("{\"Findings\":[]}")));
        aws.stubFor(post(urlEqualTo(IMPORT)).atPriority(10)
                .willReturn(okJson("{\"FailedCount\":0,\"SuccessCount\":2,\"FailedFindings\":[]}")));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetTopicAttributes")).atPriority(10)
                .willReturn(xml("<GetTopicAttributesResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                        + "<GetTopicAttributesResult><Attributes><entry><key>TopicArn</key><value>" + TOPIC + "</value>"
                        + "</entry></Attributes></GetTopicAttributesResult><ResponseMetadata><RequestId>1</RequestId>"
                        + "</ResponseMetadata></GetTopicAttributesResponse>")));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).atPriority(10)
                .willReturn(xml("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>message-1</MessageId></PublishResult></PublishResponse>")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return AwsStubs.xml(200, body);
    }

    private static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return AwsStubs.jsonError(status, code, message);
    }

    private static MappingBuilder inRegion(MappingBuilder request, String region, String service) {
        return AwsStubs.inRegion(request, region, service);
    }

    private static String id(String region, String control) {
        return "bedrock-logging-auditor/aws/" + ACCOUNT + "/" + region + "/bedrock-invocation-logging-" + control;
    }

    private CommandRun.Result publish() {
        return CommandRun.run(endpoint, Map.of(), "--publish", "--regions", "eu-west-1,us-west-2",
                "--topic-arn", TOPIC, "--output", "json");
    }

    private List<LoggedRequest> importsIn(String hub) {
        return aws.findAll(postRequestedFor(urlEqualTo(IMPORT))
                .withHeader("Authorization", matching(".*/" + hub + "/securityhub/aws4_request.*")));
    }

    private static List<String> ids(LoggedRequest request) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(request.getBodyAsString()).get("Findings").forEach(f -> ids.add(f.get("Id").asText()));
        return ids;
    }

    private String alertBody() {
        List<LoggedRequest> publishes = aws.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=Publish")));
        assertEquals(1, publishes.size(), "exactly one alert");
        return URLDecoder.decode(publishes.get(0).getBodyAsString(), StandardCharsets.UTF_8);
    }

    @Test
    void refusedFindingsAreReportedByIdRetryableOnesAreRetriedOnceAfterTheAlertWentOut() throws Exception {
        String throttled = id("eu-west-1", "enabled");
        String invalid = id("eu-west-1", "data-types");
        aws.stubFor(inRegion(post(urlEqualTo(IMPORT)), "eu-west-1", "securityhub").atPriority(1)
                .inScenario("partial").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("retry")
                .willReturn(okJson("{\"FailedCount\":2,\"SuccessCount\":0,\"FailedFindings\":["
                        + "{\"Id\":\"" + throttled + "\",\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"slow down\"},"
                        + "{\"Id\":\"" + invalid + "\",\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"bad Title\"}]}")));

        CommandRun.Result run = publish();

        assertEquals(3, run.exitCode(), "a finding was not delivered: " + run.stderr());
        List<LoggedRequest> calls = importsIn("eu-west-1");
        assertEquals(2, calls.size(), "one import, one retry");
        assertEquals(List.of(throttled), ids(calls.get(1)), "only the retryable finding is retried");
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertTrue(publication.get("failed").asBoolean());
        assertEquals(1, publication.get("undelivered").size());
        assertEquals(invalid, publication.get("undelivered").get(0).get("findingId").asText());
        assertEquals("InvalidInput: bad Title", publication.get("undelivered").get(0).get("reason").asText());
        assertEquals(5, publication.get("imported").asInt(),
                "eu-west-1's five less the one refused, and us-west-2's one (logging is off there)");
        assertEquals("SENT", publication.get("alert").get("status").asText());
        alertBody();
        assertTrue(firstPosition(request -> request.getBodyAsString().contains("Action=Publish"))
                < firstPosition(request -> request.getUrl().equals(IMPORT)),
                "the alert goes out before the imports, so an import can record whether it was delivered");
        assertTrue(run.stderr().contains("1 NOT DELIVERED"), run.stderr());
        assertTrue(run.stderr().contains("WARNING: finding " + invalid + " not delivered to Security Hub CSPM in"
                + " eu-west-1: InvalidInput: bad Title\n"), "named on stderr too, as in table mode: " + run.stderr());
    }

    @Test
    void aRegionWhoseSecurityHubRefusesFallsBackToTheHomeRegionAndTheAlertSaysSo() throws Exception {
        for (String path : List.of("/findings", IMPORT)) {
            aws.stubFor(inRegion(post(urlEqualTo(path)), "eu-west-1", "securityhub").atPriority(1)
                    .willReturn(jsonError(401, "InvalidAccessException", "Account " + ACCOUNT
                            + " is not subscribed to AWS Security Hub")));
        }

        CommandRun.Result run = publish();

        assertEquals(1, run.exitCode(), "delivered elsewhere, so only the audit's FAILED counts: " + run.stderr());
        assertEquals(0, importsIn("eu-west-1").size(), "a hub that refuses to be read is not written to");
        List<LoggedRequest> home = importsIn("us-east-1");
        assertEquals(1, home.size());
        assertEquals(List.of(id("eu-west-1", "enabled"), id("eu-west-1", "data-types"), id("eu-west-1", "destination"),
                id("eu-west-1", "encryption"), id("eu-west-1", "log-protection")), ids(home.get(0)));
        JSON.readTree(home.get(0).getBodyAsString()).get("Findings").forEach(finding -> assertEquals(
                "arn:aws:securityhub:us-east-1:" + ACCOUNT + ":product/" + ACCOUNT + "/default",
                finding.get("ProductArn").asText()));
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertFalse(publication.get("failed").asBoolean());
        JsonNode fallback = publication.get("fallbacks").get(0);
        assertEquals("eu-west-1", fallback.get("fromHub").asText());
        assertEquals("us-east-1", fallback.get("toHub").asText());
        assertTrue(fallback.get("reason").asText().startsWith("InvalidAccessException: Security Hub CSPM is not enabled"),
                fallback.toString());
        String alert = alertBody();
        assertTrue(alert.contains("eu-west-1 refuses findings (InvalidAccessException: Security Hub CSPM is not enabled"),
                alert);
        assertTrue(alert.contains("Findings of eu-west-1 are in us-east-1"), alert);
    }

    @Test
    void aHubThatRefusesOnlyTheImportFallsBackToTheHomeRegionToo() throws Exception {
        aws.stubFor(inRegion(post(urlEqualTo(IMPORT)), "eu-west-1", "securityhub").atPriority(1)
                .willReturn(jsonError(401, "InvalidAccessException", "Account " + ACCOUNT
                        + " is not subscribed to AWS Security Hub")));

        CommandRun.Result run = publish();

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(1, importsIn("eu-west-1").size());
        assertEquals(List.of(id("eu-west-1", "enabled"), id("eu-west-1", "data-types"), id("eu-west-1", "destination"),
                id("eu-west-1", "encryption"), id("eu-west-1", "log-protection")), ids(importsIn("us-east-1").get(0)));
        assertTrue(run.stderr().contains("1 region(s) fell back to another hub"), run.stderr());
    }

    @Test
    void aThrottledImportIsRetriedByTheSdkThenReportedWhileTheOthersAreDelivered() throws Exception {
        aws.stubFor(inRegion(post(urlEqualTo(IMPORT)), "us-west-2", "securityhub").atPriority(1)
                .willReturn(jsonError(429, "TooManyRequestsException", "Rate exceeded")));

        CommandRun.Result run = publish();

        assertEquals(3, run.exitCode(), run.stderr());
        assertEquals(3, importsIn("us-west-2").size(), "the standard retry strategy's three attempts");
        assertEquals(0, importsIn("us-east-1").size(), "a passing fault does not move findings to another hub");
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertEquals(5, publication.get("imported").asInt());
        assertEquals(1, publication.get("undelivered").size(), "us-west-2's one finding: logging is off there");
        for (JsonNode lost : publication.get("undelivered")) {
            assertEquals("us-west-2", lost.get("hubRegion").asText());
            assertTrue(lost.get("reason").asText().startsWith("TooManyRequestsException: throttled on every attempt"),
                    lost.toString());
        }
    }

    @Test
    void aHubWhoseEarlierFindingsCannotBeReadTakesNothingOnAGuessAndTheAlertSaysSo() throws Exception {
        aws.stubFor(inRegion(post(urlEqualTo("/findings")), "us-west-2", "securityhub").atPriority(1)
                .willReturn(jsonError(429, "TooManyRequestsException", "Rate exceeded")));

        CommandRun.Result run = publish();

        assertEquals(3, run.exitCode(), run.stderr());
        assertEquals(0, importsIn("us-west-2").size(), "nothing imported over a history that could not be read");
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertEquals(5, publication.get("imported").asInt());
        assertEquals(1, publication.get("undelivered").size(), "us-west-2's one finding: logging is off there");
        assertTrue(publication.get("undelivered").get(0).get("reason").asText().startsWith("its earlier findings could"
                + " not be read (TooManyRequestsException: throttled on every attempt"), publication.toString());
        String alert = alertBody();
        assertTrue(alert.contains("Subject=Bedrock invocation logging: 2 of 2 regions not compliant, delivery failed"
                + " (" + ACCOUNT + ")"), alert);
        assertTrue(alert.contains("1 finding(s) cannot be delivered to Security Hub CSPM this run"), alert);
        assertEquals(1, run.stderr().lines().filter(line -> line.contains("earlier findings could not be read in"))
                .count(), "one line, not one per hub: " + run.stderr());
    }

    /** Where the first request matching the predicate came, in the order WireMock received them. */
    private int firstPosition(java.util.function.Predicate<LoggedRequest> request) {
        List<LoggedRequest> received = new ArrayList<>(aws.getAllServeEvents().stream()
                .map(com.github.tomakehurst.wiremock.stubbing.ServeEvent::getRequest).toList());
        java.util.Collections.reverse(received);
        for (int i = 0; i < received.size(); i++) {
            if (request.test(received.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such request");
    }

    @Test
    void whenSnsFailsTheFindingsAreStillDeliveredAndTheRunFails() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=Publish")).atPriority(1)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
                        "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                                + "<Code>AuthorizationError</Code><Message>not authorized to perform SNS:Publish</Message>"
                                + "</Error><RequestId>1</RequestId></ErrorResponse>")));

        CommandRun.Result run = publish();

        assertEquals(3, run.exitCode(), run.stderr());
        assertEquals(1, importsIn("eu-west-1").size());
        assertEquals(1, importsIn("us-west-2").size());
        JsonNode publication = JSON.readTree(run.stdout()).get("publication");
        assertEquals(6, publication.get("imported").asInt());
        assertEquals("FAILED", publication.get("alert").get("status").asText());
        assertEquals("AccessDenied: the auditor's role lacks sns:Publish (or a service control policy or permissions"
                + " boundary denies it)", publication.get("alert").get("reason").asText());
        assertTrue(run.stderr().contains("the alert could not be sent to " + TOPIC), run.stderr());
    }

    @Test
    void aSpotCheckOfOneRegionNeverWaitsOnAHubItDoesNotNeed() throws Exception {
        aws.stubFor(inRegion(post(urlEqualTo("/findings")), "ap-south-1", "securityhub").atPriority(1)
                .willReturn(okJson("{\"Findings\":[]}").withFixedDelay(60_000)));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of(), "--publish", "--regions", "eu-west-1",
                "--topic-arn", TOPIC, "--output", "json");

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(0, aws.findAll(postRequestedFor(urlEqualTo("/findings"))
                .withHeader("Authorization", matching(".*/ap-south-1/securityhub/aws4_request.*"))).size(),
                "a spot check reads only the hubs its findings may be in");
        assertEquals(List.of("eu-west-1", "us-east-1"), hubsRead());
    }

    @Test
    void aConfiguredScopeReadsEveryHubAtOnceAndAHubThatNeverAnswersCostsOneCallTimeout() throws Exception {
        aws.stubFor(inRegion(post(urlEqualTo("/findings")), "ap-south-1", "securityhub").atPriority(1)
                .willReturn(okJson("{\"Findings\":[]}").withFixedDelay(60_000)));

        CommandRun.Result run = CommandRun.run(endpoint, Map.of("AUDIT_REGIONS", "eu-west-1"), "--publish",
                "--topic-arn", TOPIC, "--output", "json", "--attempt-timeout", "0.5", "--call-timeout", "1");

        assertEquals(1, run.exitCode(), "the silent hub holds none of this run's findings: " + run.stderr());
        assertTrue(hubsRead().containsAll(List.of("ap-south-1", "eu-west-1", "us-east-1", "us-west-2", "sa-east-1")),
                "every region's hub is read, for findings left there earlier: " + hubsRead());
        List<String> lines = run.stderr().lines().filter(line -> line.contains("could not be read")).toList();
        assertEquals(1, lines.size(), run.stderr());
        assertTrue(lines.get(0).contains("ap-south-1 (Timeout: no answer within the call timeout of 1s"), lines.get(0));
        assertEquals(1, importsIn("eu-west-1").size());
    }

    /** The hubs whose earlier findings were asked for, sorted. */
    private List<String> hubsRead() {
        return aws.findAll(postRequestedFor(urlEqualTo("/findings"))).stream()
                .map(request -> request.getHeader("Authorization").replaceFirst(".*/([a-z0-9-]+)/securityhub/.*", "$1"))
                .distinct().sorted().toList();
    }
}
