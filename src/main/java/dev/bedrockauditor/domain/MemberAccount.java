package dev.bedrockauditor.domain;

import java.util.Objects;

/**
 * An account as organizations:ListAccounts describes it.
 *
 * @param status ACTIVE, SUSPENDED or PENDING_CLOSURE (Organizations' Account.State, or its older Status)
 */
public record MemberAccount(String id, String name, String status) {

    public MemberAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public String label() {
        return AccountLabel.of(id, name);
    }
}
