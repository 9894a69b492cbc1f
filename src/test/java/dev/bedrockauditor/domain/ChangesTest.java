package dev.bedrockauditor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {

    private static final ControlMetadata LOGGING = new ControlMetadata("logging", "LOGGING", "t", Severity.MEDIUM, "d",
            "r", "https://example.com", List.of());

    private static Finding finding(String region, Status status, Severity severity) {
        return new Finding(LOGGING, region, status, severity, "detail");
    }

    private static Map<FindingKey, Changes.Previous> before(String region, Status status, boolean attention) {
        return Map.of(new FindingKey(region, "logging"), new Changes.Previous(status, attention));
    }

    @Test
    void withNoPreviousStateEveryFindingToActOnIsNew() {
        Changes changes = Changes.between(List.of(finding("a", Status.FAILED, Severity.MEDIUM),
                finding("b", Status.NOT_AVAILABLE, Severity.MEDIUM), finding("c", Status.PASSED, Severity.INFORMATIONAL),
                finding("d", Status.NOT_AVAILABLE, Severity.INFORMATIONAL)), Map.of());

        assertEquals(List.of("a"), changes.newlyFailing().stream().map(Finding::region).toList());
        assertEquals(List.of("b"), changes.newlyNotAvailable().stream().map(Finding::region).toList());
        assertEquals(List.of(), changes.recovered());
    }

    @Test
    void anUnchangedFailureIsNotNew() {
        Changes changes = Changes.between(List.of(finding("a", Status.FAILED, Severity.MEDIUM)),
                before("a", Status.FAILED, true));

        assertFalse(changes.any());
    }

    @Test
    void fromFailedToNotAvailableAndBackAreBothChanges() {
        assertEquals(1, Changes.between(List.of(finding("a", Status.NOT_AVAILABLE, Severity.MEDIUM)),
                before("a", Status.FAILED, true)).newlyNotAvailable().size());
        assertEquals(1, Changes.between(List.of(finding("a", Status.FAILED, Severity.MEDIUM)),
                before("a", Status.NOT_AVAILABLE, true)).newlyFailing().size());
    }

    @Test
    void passingAfterAFailureIsARecoveryButNotAfterAnEcho() {
        assertEquals(1, Changes.between(List.of(finding("a", Status.PASSED, Severity.INFORMATIONAL)),
                before("a", Status.FAILED, true)).recovered().size());
        assertFalse(Changes.between(List.of(finding("a", Status.PASSED, Severity.INFORMATIONAL)),
                before("a", Status.NOT_AVAILABLE, false)).any(), "an informational NOT_AVAILABLE needed no action");
        assertFalse(Changes.between(List.of(finding("a", Status.PASSED, Severity.INFORMATIONAL)),
                before("a", Status.PASSED, false)).any());
    }

    @Test
    void aFailureAfterPassingIsNew() {
        Changes changes = Changes.between(List.of(finding("a", Status.FAILED, Severity.MEDIUM)),
                before("a", Status.PASSED, false));

        assertTrue(changes.any());
        assertEquals(1, changes.newlyFailing().size());
    }

    /** The member-accounts finding stays FAILED while accounts come and go from it: which ones is the news. */
    @Test
    void anotherSetOfAccountsNotAuditedIsAChangeThoughTheFindingStaysFailed() {
        Finding one = naming("111122223333");
        Finding two = naming("444455556666", "111122223333");
        Map<FindingKey, Changes.Previous> toldOfOne = Map.of(new FindingKey("us-east-1", "logging"),
                Acknowledged.of(one).previous());

        assertEquals(List.of(two), Changes.between(List.of(two), toldOfOne).newlyFailing(), "one more account");
        assertEquals(List.of(one), Changes.between(List.of(one), Map.of(new FindingKey("us-east-1", "logging"),
                Acknowledged.of(two).previous())).newlyFailing(), "one account fewer, still FAILED");
        assertFalse(Changes.between(List.of(naming("111122223333")), toldOfOne).any(), "the same account again");
        assertFalse(Changes.between(List.of(naming("111122223333", "444455556666")),
                Map.of(new FindingKey("us-east-1", "logging"), Acknowledged.of(two).previous())).any(),
                "the same accounts in another order");
        assertFalse(Changes.between(List.of(two), before("us-east-1", Status.FAILED, true)).any(),
                "stored before accounts were recorded: only the status counts, as it did then");
    }

    /** An audited account's hub that starts or stops refusing findings is news too, while accounts stay unaudited. */
    @Test
    void anotherSetOfHubsNotShowingFindingsIsAChangeThoughTheFindingStaysFailed() {
        Resource sandbox = Resource.account("111122223333", "us-east-1");
        Resource paymentsWest = Resource.hub("aws", "444455556666", "us-west-2");
        Resource paymentsSouth = Resource.hub("aws", "444455556666", "ap-south-1");
        Finding unauditedOnly = naming(List.of(sandbox));
        Finding andOneHub = naming(List.of(sandbox, paymentsWest));
        Map<FindingKey, Changes.Previous> toldOfOneHub = Map.of(new FindingKey("us-east-1", "logging"),
                Acknowledged.of(andOneHub).previous());

        assertEquals(List.of(andOneHub), Changes.between(List.of(andOneHub), Map.of(new FindingKey("us-east-1",
                "logging"), Acknowledged.of(unauditedOnly).previous())).newlyFailing(), "a hub starts refusing");
        assertEquals(List.of(unauditedOnly), Changes.between(List.of(unauditedOnly), toldOfOneHub).newlyFailing(),
                "the hub takes findings again");
        Finding anotherHub = naming(List.of(sandbox, paymentsSouth));
        assertEquals(List.of(anotherHub), Changes.between(List.of(anotherHub), toldOfOneHub).newlyFailing(),
                "the same account, another hub");
        assertFalse(Changes.between(List.of(naming(List.of(paymentsWest, sandbox))), toldOfOneHub).any(),
                "the same account and hub again");
    }

    /** Baselines stored before hubs counted hold a digest of the accounts alone; it still compares equal. */
    @Test
    void accountsAloneDigestAsBeforeHubsCounted() throws Exception {
        byte[] before = java.security.MessageDigest.getInstance("SHA-256").digest(
                "AWS::::Account:111122223333,AWS::::Account:444455556666".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(java.util.Optional.of(java.util.HexFormat.of().formatHex(before, 0, 16)),
                Acknowledged.subjectsOf(naming("444455556666", "111122223333")));
        assertEquals(java.util.Optional.empty(), Acknowledged.subjectsOf(new Finding(LOGGING, "us-east-1", Status.FAILED,
                Severity.HIGH, "a bucket", List.of(), List.of(new Resource(Resource.Kind.S3_BUCKET,
                        "arn:aws:s3:::logs", "us-east-1")))), "only accounts and hubs are digested");
    }

    private static Finding naming(List<Resource> resources) {
        return new Finding(LOGGING, "us-east-1", Status.FAILED, Severity.HIGH, "not audited", List.of(), resources);
    }

    private static Finding naming(String... accounts) {
        return new Finding(LOGGING, "us-east-1", Status.FAILED, Severity.HIGH, "not audited", List.of(),
                java.util.Arrays.stream(accounts).map(id -> Resource.account(id, "us-east-1")).toList());
    }
}
