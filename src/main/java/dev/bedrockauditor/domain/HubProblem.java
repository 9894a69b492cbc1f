package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * A region's Security Hub CSPM of an audited account that does not show the account's findings: it refuses
 * them (they went to another hub) or they could not be delivered this run.
 *
 * @param accountLabel the account as the member-accounts finding names it, "111122223333 (Payments)"
 * @param hub that hub, as a {@link Resource.Kind#SECURITY_HUB} resource
 * @param problem what is wrong, in words
 */
public record HubProblem(String accountLabel, Resource hub, String problem) {

    public HubProblem {
        Objects.requireNonNull(accountLabel, "accountLabel");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(problem, "problem");
        if (hub.kind() != Resource.Kind.SECURITY_HUB) {
            throw new IllegalArgumentException("a hub problem is about a hub, not a " + hub.kind());
        }
    }
}
