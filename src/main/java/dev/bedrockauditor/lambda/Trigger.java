package dev.bedrockauditor.lambda;

import dev.bedrockauditor.changes.ChangeEvents;

/**
 * What invoked the function, as {@link TriggerClassifier} read it from the payload. The schedule and a
 * manual invocation run the audit; change events re-audit the regions they concern; anything else is a
 * misrouted trigger, answered with a clear outcome instead of an audit (and not retried).
 */
sealed interface Trigger {

    /** How many set-aside events a description names before it counts the rest. */
    int NAMED = 5;

    /** SCHEDULED, MANUAL or IGNORED: the summary's {@code trigger} field. */
    String kind();

    /** For the log and, when ignored, the summary's {@code reason}. */
    String description();

    /** Whether this invocation runs the audit. */
    default boolean runs() {
        return true;
    }

    /** The EventBridge schedule; {@code rule} is the rule's ARN, or a generic name when the event has none. */
    record Scheduled(String rule) implements Trigger {
        @Override
        public String kind() {
            return "SCHEDULED";
        }

        @Override
        public String description() {
            return "scheduled by " + rule;
        }
    }

    /** A documented manual invocation; {@code payload} says which of them arrived. */
    record Manual(String payload) implements Trigger {
        @Override
        public String kind() {
            return "MANUAL";
        }

        @Override
        public String description() {
            return "invoked by hand (" + payload + ")";
        }
    }

    /** Management calls that may have broken logging, from the stack's change rule (directly or via its queue). */
    record Change(ChangeEvents.Batch batch) implements Trigger {
        @Override
        public String kind() {
            return "CHANGE";
        }

        @Override
        public String description() {
            return "by " + batch.events().size() + " change event(s)" + (batch.setAside().isEmpty() ? ""
                    : " (" + batch.setAside().size() + " more set aside)");
        }
    }

    /**
     * Change events of which none can have changed invocation logging (calls that failed, calls not watched):
     * no audit, no alert, and not retried.
     */
    record NoChange(String arrived, ChangeEvents.Batch batch) implements Trigger {
        @Override
        public String kind() {
            return "CHANGE";
        }

        @Override
        public String description() {
            return arrived + " with no call that can have changed invocation logging: "
                    + String.join("; ", batch.setAside().stream().limit(NAMED).toList())
                    + (batch.setAside().size() > NAMED ? "; and " + (batch.setAside().size() - NAMED) + " more" : "");
        }

        @Override
        public boolean runs() {
            return false;
        }
    }

    /** Anything else; {@code arrived} names what came in, so the reason points at the misrouted trigger. */
    record Ignored(String arrived) implements Trigger {
        @Override
        public String kind() {
            return "IGNORED";
        }

        @Override
        public String description() {
            return "not a scheduled or manual invocation (" + arrived + "): only the schedule, manual invocations"
                    + " and the change queue's CloudTrail calls run an audit; check what else targets this function";
        }

        @Override
        public boolean runs() {
            return false;
        }
    }
}
