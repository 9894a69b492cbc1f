package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/**
 * What invoked the function. Scheduled events and manual invocations run the audit; any other event is
 * a misrouted trigger, answered with a clear outcome instead of an audit (and not retried).
 *
 * @param runs whether this invocation runs the audit
 */
record Trigger(String kind, boolean runs, String description) {

    /** The source of the manual-invocation example in events/. */
    static final String MANUAL_SOURCE = "bedrock-logging-auditor.manual";
    static final String SCHEDULED_SOURCE = "aws.events";
    static final String SCHEDULED_DETAIL_TYPE = "Scheduled Event";

    static Trigger of(ScheduledEvent event) {
        String source = event == null ? null : event.getSource();
        String detailType = event == null ? null : event.getDetailType();
        if (SCHEDULED_SOURCE.equals(source) && SCHEDULED_DETAIL_TYPE.equals(detailType)) {
            String rule = event.getResources() == null || event.getResources().isEmpty()
                    ? "an EventBridge schedule" : event.getResources().get(0);
            return new Trigger("SCHEDULED", true, "scheduled by " + rule);
        }
        if (MANUAL_SOURCE.equals(source) || (source == null && detailType == null)) {
            return new Trigger("MANUAL", true, "invoked by hand");
        }
        return new Trigger("IGNORED", false, "not a scheduled or manual invocation (source " + quoted(source)
                + ", detail-type " + quoted(detailType) + "): only the schedule and manual invocations run an audit;"
                + " check what else targets this function");
    }

    private static String quoted(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }
}
