package dev.bedrockauditor.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bedrockauditor.concurrent.Workers;
import dev.bedrockauditor.testing.AwsStubs;
import dev.bedrockauditor.testing.CommandRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationLoggingConfigurationResponse;

/**
 * Every client keeps a retry budget of its own. The standard retry strategy spends a token bucket on retries
 * and stops retrying once it is empty; one bucket shared by every client would let a burst of failures in one
 * service or region leave every other call with a single attempt.
 */
class RetryBudgetsIT {

    private static final String LOGGING_PATH = "/logging/modelinvocations";
    private static final int BURST = 150;

    private WireMockServer aws;

    @BeforeEach
    void start() {
        aws = AwsStubs.start("111122223333");
        // us-east-1's Bedrock fails every attempt; us-west-2's fails once, then answers.
        aws.stubFor(AwsStubs.inRegion(get(urlEqualTo(LOGGING_PATH)), "us-east-1", "bedrock")
                .willReturn(AwsStubs.jsonError(500, "InternalServerException", "failing")));
        aws.stubFor(AwsStubs.inRegion(get(urlEqualTo(LOGGING_PATH)), "us-west-2", "bedrock").inScenario("us-west-2")
                .whenScenarioStateIs(STARTED).willSetStateTo("recovered")
                .willReturn(AwsStubs.jsonError(500, "InternalServerException", "failing once")));
        aws.stubFor(AwsStubs.inRegion(get(urlEqualTo(LOGGING_PATH)), "us-west-2", "bedrock").inScenario("us-west-2")
                .whenScenarioStateIs("recovered").willReturn(okJson("{\"loggingConfig\":{}}")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    @Test
    void aBurstOfFailuresInOneRegionLeavesAnotherRegionItsRetries() {
        GetModelInvocationLoggingConfigurationResponse west = CommandRun.withSdkProperties(AwsStubs.endpoint(aws),
                "us-east-1", Map.of(), () -> {
                    try (AwsClients clients = new AwsClients(Duration.ofSeconds(5), Duration.ofSeconds(30), List.of());
                            Workers threads = new Workers("burst")) {
                        List<CompletableFuture<Void>> burst = new ArrayList<>();
                        for (int i = 0; i < BURST; i++) {
                            burst.add(CompletableFuture.runAsync(() -> {
                                try {
                                    clients.bedrock("us-east-1").getModelInvocationLoggingConfiguration(request -> { });
                                } catch (RuntimeException expected) {
                                    // every attempt fails: what counts is how many attempts were made
                                }
                            }, threads));
                        }
                        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
                        return clients.bedrock("us-west-2").getModelInvocationLoggingConfiguration(request -> { });
                    }
                });

        int east = aws.countRequestsMatching(getRequestedFor(urlEqualTo(LOGGING_PATH)).withHeader("Authorization",
                matching(".*/us-east-1/bedrock/aws4_request.*")).build()).getCount();
        assertTrue(east < 3 * BURST, "the burst must have emptied us-east-1's retry budget, or this proves nothing: "
                + east + " attempts for " + BURST + " calls");
        assertTrue(east > BURST, "us-east-1 retried until its budget ran out: " + east);
        assertTrue(west.loggingConfig() != null, "us-west-2's call succeeded on its retry");
        assertEquals(2, aws.countRequestsMatching(getRequestedFor(urlEqualTo(LOGGING_PATH)).withHeader("Authorization",
                matching(".*/us-west-2/bedrock/aws4_request.*")).build()).getCount());
    }
}
