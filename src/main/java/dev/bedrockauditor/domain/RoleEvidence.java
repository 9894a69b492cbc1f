package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read about the role Bedrock assumes to write to CloudWatch Logs.
 *
 * @param trustPolicy the role's trust policy JSON; empty when the role does not exist
 * @param permissions the role's permission policies; unreadable when the role does not exist or any of its
 *     policies could not be read (an unread policy might hold a Deny)
 */
public record RoleEvidence(String arn, Observed<Optional<String>> trustPolicy, Observed<RolePolicies> permissions) {

    public RoleEvidence {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(trustPolicy, "trustPolicy");
        Objects.requireNonNull(permissions, "permissions");
    }

    /** The account in the role's ARN, empty when the ARN is not a role ARN. */
    public Optional<String> accountId() {
        return accountInArn(arn);
    }

    /** The role's name: the last segment of its ARN, after any path, as IAM's calls take it. */
    public static String nameInArn(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The account in a role ARN ({@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}), empty for anything else. */
    public static Optional<String> accountInArn(String arn) {
        String[] parts = arn.split(":", 6);
        boolean role = parts.length == 6 && parts[0].equals("arn") && parts[2].equals("iam") && parts[5].startsWith("role/")
                && parts[4].matches("\\d{12}");
        return role ? Optional.of(parts[4]) : Optional.empty();
    }
}
