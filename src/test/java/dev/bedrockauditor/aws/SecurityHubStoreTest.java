package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** Batching within BatchImportFindings' limits, and which refusals are worth a retry. */
class SecurityHubStoreTest {

    private static List<AwsSecurityFinding> findings(int count) {
        return IntStream.range(0, count).mapToObj(i -> AwsSecurityFinding.builder().id("f-" + i).build()).toList();
    }

    @Test
    void batchesHoldAtMostOneHundredFindings() {
        List<AwsSecurityFinding> findings = findings(250);
        Map<String, Integer> sizes = new HashMap<>();
        findings.forEach(f -> sizes.put(f.id(), 2_000));

        List<List<AwsSecurityFinding>> batches = SecurityHubStore.batches(findings, sizes);

        assertEquals(List.of(100, 100, 50), batches.stream().map(List::size).toList());
        assertEquals(findings, batches.stream().flatMap(List::stream).toList(), "every finding once, in order");
    }

    @Test
    void batchesStayUnderSixMegabytes() {
        List<AwsSecurityFinding> findings = findings(60);
        Map<String, Integer> sizes = new HashMap<>();
        findings.forEach(f -> sizes.put(f.id(), 200 * 1024));

        List<List<AwsSecurityFinding>> batches = SecurityHubStore.batches(findings, sizes);

        for (List<AwsSecurityFinding> batch : batches) {
            assertTrue(batch.size() * 200 * 1024 <= SecurityHubStore.MAX_BATCH_BYTES, "batch of " + batch.size());
        }
        assertEquals(60, batches.stream().mapToInt(List::size).sum());
        assertEquals(2, batches.size());
    }

    @Test
    void sizeIsTheFindingsJsonInBytes() {
        AwsSecurityFinding finding = AwsSecurityFinding.builder().id("é").build();

        assertEquals("{\"Id\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                SecurityHubStore.sizeInBytes(finding));
    }

    @Test
    void onlyPassingFaultsAreRetried() {
        for (String code : List.of("ThrottlingException", "InternalException", "ServiceUnavailable",
                "LimitExceededException", "TooManyRequestsException")) {
            assertTrue(SecurityHubStore.retryable(code), code);
        }
        for (String code : List.of("InvalidInput", "AccessDeniedException", "FindingSizeExceeded", "")) {
            assertFalse(SecurityHubStore.retryable(code), code);
        }
        assertFalse(SecurityHubStore.retryable(null));
    }
}
