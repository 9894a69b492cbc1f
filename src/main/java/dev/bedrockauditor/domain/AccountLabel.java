package dev.bedrockauditor.domain;

/** How an account is named to people: its id, and its name in the organization where known. */
public final class AccountLabel {

    private AccountLabel() {}

    public static String of(String id, String name) {
        return name == null || name.isBlank() ? id : id + " (" + name + ")";
    }
}
