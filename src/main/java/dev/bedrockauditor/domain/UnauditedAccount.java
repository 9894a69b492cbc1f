package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * An account in an organization audit's scope that could not be audited, and why: never dropped, never passed.
 *
 * @param name the account's name in the organization, empty when unknown
 */
public record UnauditedAccount(String id, String name, String reason) {

    public UnauditedAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }

    /** "111122223333 (Payments)" or just the id. */
    public String label() {
        return AccountLabel.of(id, name);
    }
}
