package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One management API call that may have broken invocation logging, as CloudTrail reported it through
 * EventBridge: what was called, on what, by whom, when and from where.
 *
 * @param service the calling service's short name, e.g. {@code s3} or {@code iam}
 * @param region where the call happened ({@code awsRegion}); IAM calls happen in us-east-1 for every region
 * @param resource what the call names, e.g. a bucket, log group, role or key, when it names one
 */
public record ChangeEvent(String eventId, String service, String eventName, String region, String time,
        Actor actor, String sourceIp, String userAgent, Optional<String> resource) {

    public ChangeEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(resource, "resource");
    }

    /**
     * Who made the call: CloudTrail's userIdentity.
     *
     * @param sessionIssuer the role or user whose session made the call, for assumed roles and federation
     */
    public record Actor(String arn, String type, Optional<String> sessionIssuer) {
        public Actor {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(sessionIssuer, "sessionIssuer");
        }

        public String describe() {
            return arn + " (" + type + sessionIssuer.map(issuer -> ", session issuer " + issuer).orElse("") + ")";
        }
    }

    /** One line for the alert and the log: the call, its target, who, when, from where, and the event id. */
    public String describe() {
        return service + ":" + eventName + resource.map(name -> " on " + name).orElse("") + " in " + region + " by "
                + actor.describe() + " at " + time + " from " + sourceIp + " (" + userAgent + "), event " + eventId;
    }
}
