package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.UnauditedAccount;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an organization run's one alert is about: each audited account with what changed there and where its
 * findings go, the accounts that could not be audited, and the member-accounts finding with its change.
 *
 * @param coverageChanges how the member-accounts finding changed since the operator last knew
 * @param coverageSubjectsBefore the accounts and hubs that finding named when last imported (ids as {@link
 *     dev.bedrockauditor.domain.Acknowledged#subjectIds} gives them), to tell which came and went; empty when
 *     unknown
 */
public record OrganizationAlert(String centralAccountId, String partition, Instant finishedAt,
        List<AccountPart> accounts, List<UnauditedAccount> unaudited, Finding coverage, Changes coverageChanges,
        Optional<Set<String>> coverageSubjectsBefore) {

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
        coverageSubjectsBefore = coverageSubjectsBefore.map(Set::copyOf);
    }

    /** Without knowing what the member-accounts finding named before. */
    public OrganizationAlert(String centralAccountId, String partition, Instant finishedAt, List<AccountPart> accounts,
            List<UnauditedAccount> unaudited, Finding coverage, Changes coverageChanges) {
        this(centralAccountId, partition, finishedAt, accounts, unaudited, coverage, coverageChanges, Optional.empty());
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
