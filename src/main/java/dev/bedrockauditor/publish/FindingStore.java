package dev.bedrockauditor.publish;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/** Security Hub, one region ("hub") at a time. */
public interface FindingStore {

    /** A finding the hub did not take, and why. */
    record Refusal(String findingId, String reason) {}

    /**
     * This account's findings from our product and generators in one hub, every page.
     *
     * @throws HubUnavailableException when the hub cannot be read
     */
    List<AwsSecurityFinding> read(String hubRegion, String productArn, String accountId, Set<String> generatorIds);

    /**
     * Imports findings (any number: they are batched within the API's limits).
     *
     * @return the findings the hub still refused after one retry of retryable errors
     * @throws HubUnavailableException when the hub refuses the call itself
     */
    List<Refusal> write(String hubRegion, List<AwsSecurityFinding> findings);
}
