package dev.bedrockauditor.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The permission policies of a role, as read: its inline policies, the default version of each managed
 * policy attached to it, and its permissions boundary, which caps what the others grant.
 */
public record RolePolicies(List<Policy> inline, List<Policy> attached, Optional<Policy> boundary) {

    public RolePolicies {
        inline = List.copyOf(inline);
        attached = List.copyOf(attached);
        Objects.requireNonNull(boundary, "boundary");
    }

    /** One policy document and how findings name it: an inline policy's name or a managed policy's ARN. */
    public record Policy(String name, String document) {
        public Policy {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(document, "document");
        }
    }

    /** What was read, for details: e.g. "inline a; attached arn:...; boundary arn:...". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(inline.isEmpty() ? "no inline policy"
                : "inline " + String.join(", ", inline.stream().map(Policy::name).toList()));
        parts.add(attached.isEmpty() ? "no attached policy"
                : "attached " + String.join(", ", attached.stream().map(Policy::name).toList()));
        boundary.ifPresent(policy -> parts.add("boundary " + policy.name()));
        return String.join("; ", parts);
    }
}
