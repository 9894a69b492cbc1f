package dev.bedrockauditor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed since the previous run, finding by finding. With no previous state for a finding, a
 * finding to act on counts as new, so a first run reports everything.
 */
public record Changes(List<Finding> newlyFailing, List<Finding> newlyNotAvailable, List<Finding> recovered) {

    /**
     * What the previous run left in Security Hub for one region and control.
     *
     * @param subjects the digest of the accounts and hubs it named, when known (see {@link Acknowledged#subjectsOf})
     */
    public record Previous(Status status, boolean neededAttention, Optional<String> subjects) {

        public Previous(Status status, boolean neededAttention) {
            this(status, neededAttention, Optional.empty());
        }
    }

    public Changes {
        newlyFailing = List.copyOf(newlyFailing);
        newlyNotAvailable = List.copyOf(newlyNotAvailable);
        recovered = List.copyOf(recovered);
    }

    public static Changes between(List<Finding> current, Map<FindingKey, Previous> previous) {
        List<Finding> failing = new ArrayList<>();
        List<Finding> notAvailable = new ArrayList<>();
        List<Finding> recovered = new ArrayList<>();
        for (Finding finding : current) {
            Previous before = previous.get(new FindingKey(finding.region(), finding.controlId()));
            if (finding.status() == Status.PASSED) {
                if (before != null && before.neededAttention()) {
                    recovered.add(finding);
                }
            } else if (finding.needsAttention()) {
                // Another set of accounts not audited, or of hubs refusing, is news too, though the finding stays
                // FAILED.
                boolean sameAsBefore = before != null && before.neededAttention() && before.status() == finding.status()
                        && (before.subjects().isEmpty() || before.subjects().equals(Acknowledged.subjectsOf(finding)));
                if (!sameAsBefore) {
                    (finding.status() == Status.NOT_AVAILABLE ? notAvailable : failing).add(finding);
                }
            }
        }
        return new Changes(failing, notAvailable, recovered);
    }

    public boolean any() {
        return !newlyFailing.isEmpty() || !newlyNotAvailable.isEmpty() || !recovered.isEmpty();
    }
}
