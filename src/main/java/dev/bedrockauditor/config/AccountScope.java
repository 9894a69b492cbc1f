package dev.bedrockauditor.config;

import java.util.List;

/** Which accounts a run audits: the credentials' own (the default), the organization's, or a list. */
public sealed interface AccountScope {

    /** The account the credentials belong to, and no other: no member role, no organization call. */
    record ThisAccount() implements AccountScope {}

    /**
     * Every account of the organization that organizations:ListAccounts returns, but the excluded ones.
     *
     * @param excludedBy the flag or variable that named the exclusions, for errors
     */
    record Organization(List<String> excluded, String inputName, String excludedBy) implements AccountScope {
        public Organization {
            excluded = List.copyOf(excluded);
        }
    }

    /**
     * The accounts named, each of which must belong to the organization.
     *
     * @param inputName the flag or variable that named them, for errors
     */
    record Listed(List<String> ids, String inputName) implements AccountScope {
        public Listed {
            ids = List.copyOf(ids);
        }
    }

    default boolean organizationMode() {
        return !(this instanceof ThisAccount);
    }
}
