package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * A region's Security Hub CSPM of an audited account that does not show the account's findings: it refuses
 * them (they went to another hub) or they could not be delivered this run.
 *
 * @param accountLabel the account as the member-accounts finding names it, "111122223333 (Payments)"
 * @param hub that hub, as a {@link Resource.Kind#SECURITY_HUB} resource
 * @param problem what is wrong, in words
 * @param lasting whether the hub refuses findings, a setting of the account that stays until someone changes
 *     it; not for findings it could not take this run, which the next run usually delivers
 */
public record HubProblem(String accountLabel, Resource hub, String problem, boolean lasting) {

    /** A hub that refuses findings: not enabled, or closed to the caller. */
    public static HubProblem refusing(String accountLabel, Resource hub, String problem) {
        return new HubProblem(accountLabel, hub, problem, true);
    }

    /** A hub that could not take findings this run. */
    public static HubProblem undelivered(String accountLabel, Resource hub, String problem) {
        return new HubProblem(accountLabel, hub, problem, false);
    }

    public HubProblem {
        Objects.requireNonNull(accountLabel, "accountLabel");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(problem, "problem");
        if (hub.kind() != Resource.Kind.SECURITY_HUB) {
            throw new IllegalArgumentException("a hub problem is about a hub, not a " + hub.kind());
        }
    }
}
