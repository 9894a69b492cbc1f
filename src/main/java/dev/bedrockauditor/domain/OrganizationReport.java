package dev.bedrockauditor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an organization run learned: each audited account's own report (and what publishing it did), the
 * accounts that could not be audited, and the finding about them kept in the auditor's own account.
 *
 * @param centralAccountId the account the auditor's credentials belong to
 * @param scope how the accounts were chosen, in words ("every ACTIVE account of the organization but 2", ...)
 * @param coverage the member-accounts finding, in the central account's home region
 * @param coveragePublication what publishing the coverage finding did, when the run published
 */
public record OrganizationReport(
        String centralAccountId,
        String partition,
        String homeRegion,
        Instant startedAt,
        Instant finishedAt,
        String scope,
        List<AccountAudit> audited,
        List<UnauditedAccount> unaudited,
        Finding coverage,
        Optional<PublicationReport> coveragePublication) {

    /**
     * One account's audit.
     *
     * @param name the account's name in the organization
     * @param publication what publishing its findings into its own hubs did, when the run published
     */
    public record AccountAudit(String name, AuditReport report, Optional<PublicationReport> publication) {
        public AccountAudit {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(publication, "publication");
        }

        public String label() {
            return AccountLabel.of(report.accountId(), name);
        }
    }

    public OrganizationReport {
        Objects.requireNonNull(centralAccountId, "centralAccountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(homeRegion, "homeRegion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(scope, "scope");
        audited = List.copyOf(audited);
        unaudited = List.copyOf(unaudited);
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(coveragePublication, "coveragePublication");
    }

    /** Every publication of the run: each account's, then the coverage finding's. */
    public List<PublicationReport> publications() {
        return java.util.stream.Stream.concat(audited.stream().flatMap(audit -> audit.publication().stream()),
                coveragePublication.stream()).toList();
    }
}
