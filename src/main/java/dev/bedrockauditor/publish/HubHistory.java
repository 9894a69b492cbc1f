package dev.bedrockauditor.publish;

import dev.bedrockauditor.asff.AsffMapper;
import dev.bedrockauditor.asff.StoredFinding;
import dev.bedrockauditor.domain.Acknowledged;
import dev.bedrockauditor.domain.FindingKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** What earlier runs left in Security Hub: this auditor's findings in every hub read, and the hubs that could not be. */
final class HubHistory {

    /**
     * A hub whose findings could not be read.
     *
     * @param refusesImports whether the hub takes no findings at all (not enabled, access denied): nothing of
     *     ours can be there, and findings for it go to the home region
     */
    record Unreadable(String reason, boolean refusesImports) {}

    private final List<StoredFinding> findings;
    private final Map<String, Unreadable> unreadable;

    HubHistory(List<StoredFinding> findings, Map<String, Unreadable> unreadable) {
        this.findings = List.copyOf(findings);
        this.unreadable = new TreeMap<>(unreadable);
    }

    List<StoredFinding> all() {
        return findings;
    }

    Optional<Unreadable> unreadable(String hub) {
        return Optional.ofNullable(unreadable.get(hub));
    }

    Map<String, Unreadable> unreadableHubs() {
        return unreadable;
    }

    /** The oldest copy of a finding, whose CreatedAt and FirstObservedAt the finding keeps wherever it goes. */
    Optional<StoredFinding> oldest(FindingKey key) {
        return findings.stream()
                .filter(stored -> stored.key().equals(key))
                .min(Comparator.comparing(stored -> AsffMapper.instant(stored.createdAt()).orElse(Instant.MAX)));
    }

    /**
     * The latest UpdatedAt of any copy of a finding, in any hub: an update must be later, or Security Hub
     * CSPM ignores it (see {@link AsffMapper#updatedAt}). Empty for a new finding.
     */
    Optional<Instant> lastUpdated(FindingKey key) {
        return findings.stream()
                .filter(stored -> stored.key().equals(key))
                .map(StoredFinding::updatedAt)
                .max(Comparator.naturalOrder());
    }

    /**
     * The accounts and hubs the latest active copy of a finding names (see {@link AsffMapper#subjectIds}); empty
     * for a new finding, or one that may have named more than Security Hub kept.
     */
    Optional<Set<String>> subjectIds(FindingKey key) {
        return latestActive(key).flatMap(stored -> AsffMapper.subjectIds(stored.source()));
    }

    /** What the operator last knew of a finding, from its latest active copy; empty when nothing (a new one). */
    Optional<Acknowledged> acknowledged(FindingKey key) {
        return latestActive(key).flatMap(StoredFinding::acknowledged);
    }

    private Optional<StoredFinding> latestActive(FindingKey key) {
        return findings.stream()
                .filter(stored -> stored.active() && stored.key().equals(key))
                .max(Comparator.comparing(StoredFinding::updatedAt));
    }
}
