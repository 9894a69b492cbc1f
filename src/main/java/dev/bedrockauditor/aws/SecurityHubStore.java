package dev.bedrockauditor.aws;

import dev.bedrockauditor.asff.SdkModelJson;
import dev.bedrockauditor.publish.FindingStore;
import dev.bedrockauditor.publish.HubUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/** Security Hub through securityhub:GetFindings and securityhub:BatchImportFindings. */
public final class SecurityHubStore implements FindingStore {

    /** BatchImportFindings limits: 100 findings and 6 MB per call, 240 KB per finding. */
    static final int MAX_BATCH_FINDINGS = 100;
    static final int MAX_BATCH_BYTES = 6 * 1024 * 1024;
    static final int MAX_FINDING_BYTES = 240 * 1024;

    private static final Set<String> REFUSING_CODES = Set.of(
            "InvalidAccessException", "AccessDeniedException", "AccessDenied", "UnrecognizedClientException",
            "InvalidClientTokenId", "ResourceNotFoundException", "AuthorizationError", "SubscriptionRequiredException");
    private static final String READ = "securityhub:GetFindings";
    private static final String WRITE = "securityhub:BatchImportFindings";

    private final AwsClients clients;
    private final FailureReasons reasons;

    public SecurityHubStore(AwsClients clients, FailureReasons reasons) {
        this.clients = clients;
        this.reasons = reasons;
    }

    @Override
    public List<AwsSecurityFinding> read(String hubRegion, String productArn, String accountId, Set<String> generatorIds) {
        AwsSecurityFindingFilters filters = AwsSecurityFindingFilters.builder()
                .productArn(equalTo(productArn))
                .awsAccountId(equalTo(accountId))
                .generatorId(generatorIds.stream().sorted().map(SecurityHubStore::equalTo).toList())
                .build();
        try {
            List<AwsSecurityFinding> findings = new ArrayList<>();
            clients.securityHub(hubRegion)
                    .getFindingsPaginator(request -> request.filters(filters).maxResults(100))
                    .findings()
                    .forEach(findings::add);
            return findings;
        } catch (SdkException e) {
            throw unavailable(e, READ);
        }
    }

    @Override
    public List<Refusal> write(String hubRegion, List<AwsSecurityFinding> findings) {
        List<Refusal> refusals = new ArrayList<>();
        List<AwsSecurityFinding> sendable = new ArrayList<>();
        Map<String, Integer> sizes = findings.stream().collect(Collectors.toMap(
                AwsSecurityFinding::id, SecurityHubStore::sizeInBytes, Math::max));
        for (AwsSecurityFinding finding : findings) {
            if (sizes.get(finding.id()) > MAX_FINDING_BYTES) {
                refusals.add(new Refusal(finding.id(), "the finding is larger than Security Hub CSPM's 240 KB limit"));
            } else {
                sendable.add(finding);
            }
        }
        List<ImportFindingsError> failed = send(hubRegion, batches(sendable, sizes), true, refusals);
        Map<String, AwsSecurityFinding> byId = sendable.stream()
                .collect(Collectors.toMap(AwsSecurityFinding::id, Function.identity(), (a, b) -> b));
        List<AwsSecurityFinding> retry = new ArrayList<>();
        for (ImportFindingsError error : failed) {
            if (retryable(error.errorCode()) && byId.containsKey(error.id())) {
                retry.add(byId.get(error.id()));
            } else {
                refusals.add(refusal(error));
            }
        }
        if (!retry.isEmpty()) {
            send(hubRegion, batches(retry, sizes), false, refusals).forEach(error -> refusals.add(refusal(error)));
        }
        return refusals;
    }

    /**
     * Sends each batch. When the first call fails as a whole the hub is unavailable; a later failing call
     * only refuses its own batch, so what was already imported is not counted as lost.
     */
    private List<ImportFindingsError> send(
            String hubRegion, List<List<AwsSecurityFinding>> batches, boolean firstCallDecides, List<Refusal> refusals) {
        List<ImportFindingsError> failed = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            List<AwsSecurityFinding> batch = batches.get(i);
            try {
                BatchImportFindingsResponse response =
                        clients.securityHub(hubRegion).batchImportFindings(request -> request.findings(batch));
                failed.addAll(response.failedFindings());
            } catch (SdkException e) {
                if (i == 0 && firstCallDecides) {
                    throw unavailable(e, WRITE);
                }
                String reason = reasons.describe(e, WRITE);
                batch.forEach(finding -> refusals.add(new Refusal(finding.id(), reason)));
            }
        }
        return failed;
    }

    static List<List<AwsSecurityFinding>> batches(List<AwsSecurityFinding> findings, Map<String, Integer> sizes) {
        List<List<AwsSecurityFinding>> batches = new ArrayList<>();
        List<AwsSecurityFinding> batch = new ArrayList<>();
        long bytes = 0;
        for (AwsSecurityFinding finding : findings) {
            int size = sizes.get(finding.id());
            if (!batch.isEmpty() && (batch.size() == MAX_BATCH_FINDINGS || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(finding);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** The finding's size as the API receives it, in UTF-8 JSON. */
    static int sizeInBytes(AwsSecurityFinding finding) {
        return SdkModelJson.toJson(finding).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Error codes in FailedFindings worth one more try: throttling and the service's own faults. */
    static boolean retryable(String errorCode) {
        String code = errorCode == null ? "" : errorCode.toLowerCase(Locale.ROOT);
        return code.contains("throttl") || code.contains("internal") || code.contains("unavailable")
                || code.contains("limitexceeded") || code.contains("toomanyrequests") || code.contains("timeout");
    }

    private static Refusal refusal(ImportFindingsError error) {
        return new Refusal(error.id(), error.errorCode() + ": " + error.errorMessage());
    }

    private HubUnavailableException unavailable(SdkException e, String action) {
        boolean refuses = e instanceof AwsServiceException service
                && ((service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                        && REFUSING_CODES.contains(service.awsErrorDetails().errorCode()))
                        || service.statusCode() == 401 || service.statusCode() == 403);
        return new HubUnavailableException(reasons.describe(e, action), refuses, e);
    }

    private static StringFilter equalTo(String value) {
        return StringFilter.builder().comparison(StringFilterComparison.EQUALS).value(value).build();
    }
}
