package dev.bedrockauditor.lambda;

/**
 * What invoked the function, as {@link TriggerClassifier} read it from the payload. The schedule and a
 * manual invocation run the audit; anything else is a misrouted trigger, answered with a clear outcome
 * instead of an audit (and not retried).
 */
sealed interface Trigger {

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

    /** Anything else; {@code arrived} names what came in, so the reason points at the misrouted trigger. */
    record Ignored(String arrived) implements Trigger {
        @Override
        public String kind() {
            return "IGNORED";
        }

        @Override
        public String description() {
            return "not a scheduled or manual invocation (" + arrived + "): only the schedule and manual invocations"
                    + " run an audit; check what else targets this function";
        }

        @Override
        public boolean runs() {
            return false;
        }
    }
}
