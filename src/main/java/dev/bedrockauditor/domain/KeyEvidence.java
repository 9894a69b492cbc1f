package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What was read about a KMS key a destination encrypts with. Delivery stops when the key cannot be used, so
 * its state and policy count as much as the destination's own settings.
 *
 * @param named the key as the destination names it: a key id, key ARN, alias name or alias ARN
 * @param region where the key was looked up: the region of its ARN, else the audited one
 * @param key the key's metadata; empty when no such key exists
 * @param policy the key policy's JSON; unreadable when the key is missing or could not be read
 */
public record KeyEvidence(String named, String region, Observed<Optional<Key>> key, Observed<String> policy) {

    public KeyEvidence {
        Objects.requireNonNull(named, "named");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * @param arn the key's ARN
     * @param state KMS's key state, e.g. {@code Enabled}, {@code Disabled} or {@code PendingDeletion}
     * @param awsManaged whether AWS manages the key (e.g. {@code aws/s3}): its policy cannot be changed
     */
    public record Key(String arn, String state, boolean awsManaged) {
        public Key {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(state, "state");
        }

        public boolean enabled() {
            return state.equals("Enabled");
        }
    }

    /** The key's ARN once DescribeKey named it, else the key as the destination names it. */
    public String arnOrNamed() {
        return key instanceof Observed.Known<Optional<Key>> known && known.value().isPresent()
                ? known.value().get().arn() : named;
    }

    /** Every fact unreadable for one reason. */
    public static KeyEvidence unreadable(String named, String region, String reason) {
        return new KeyEvidence(named, region, Observed.unreadable(reason), Observed.unreadable(reason));
    }
}
