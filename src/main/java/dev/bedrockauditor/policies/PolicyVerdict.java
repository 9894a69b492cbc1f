package dev.bedrockauditor.policies;

import java.util.List;

/** Whether a policy grants what Bedrock needs, and why, in words for a finding. */
public sealed interface PolicyVerdict {

    /** Notes on what was not evaluated (conditions on other keys), appended to the finding's detail. */
    List<String> notes();

    /** A statement grants it and no Deny covers it. */
    record Allowed(String how, List<String> notes) implements PolicyVerdict {
        public Allowed {
            notes = List.copyOf(notes);
        }
    }

    /**
     * No statement grants it, a condition names another account or region, or a Deny covers it.
     *
     * @param denied whether an explicit Deny refuses it, which no Allow elsewhere can outweigh
     */
    record Refused(String why, List<String> notes, boolean denied) implements PolicyVerdict {
        public Refused {
            notes = List.copyOf(notes);
        }

        /** Refused for want of an Allow. */
        public Refused(String why, List<String> notes) {
            this(why, notes, false);
        }
    }

    /** Not a policy document at all (not JSON, or no Statement). */
    record Unreadable(String why) implements PolicyVerdict {
        @Override
        public List<String> notes() {
            return List.of();
        }
    }
}
