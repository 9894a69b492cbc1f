package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.UnauditedAccount;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an organization run's one alert is about: each audited account with what changed there and where its
 * findings go, the accounts that could not be audited, and the member-accounts finding with its change.
 *
 * @param coverageChanges how the member-accounts finding changed since the operator last knew
 */
public record OrganizationAlert(String centralAccountId, String partition, Instant finishedAt,
        List<AccountPart> accounts, List<UnauditedAccount> unaudited, Finding coverage, Changes coverageChanges) {

    /**
     * One audited account.
     *
     * @param label the account's id and name
     */
    public record AccountPart(String label, AuditReport report, Changes changes, AlertContext context) {
        public AccountPart {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(context, "context");
        }
    }

    public OrganizationAlert {
        Objects.requireNonNull(centralAccountId, "centralAccountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(finishedAt, "finishedAt");
        accounts = List.copyOf(accounts);
        unaudited = List.copyOf(unaudited);
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(coverageChanges, "coverageChanges");
    }

    /** Whether anything changed since the operator last knew, in any account or in which accounts were audited. */
    public boolean anyChange() {
        return coverageChanges.any() || accounts.stream().anyMatch(part -> part.changes().any());
    }

    /**
     * Whether any finding of the run asks for action, the member-accounts finding included (it also fails when an
     * audited account's hub refuses its findings), or any account could not be audited.
     */
    public boolean anythingToActOn() {
        return !unaudited.isEmpty() || coverage.needsAttention() || accounts.stream()
                .anyMatch(part -> part.report().findings().stream().anyMatch(Finding::needsAttention));
    }

    /** Whether a finding of any account already cannot be delivered this run. */
    public boolean anyUndelivered() {
        return accounts.stream().anyMatch(part -> !part.context().undelivered().isEmpty());
    }
}
