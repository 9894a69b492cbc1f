package dev.bedrockauditor.policies;

import java.util.Map;
import java.util.Optional;

/**
 * A request as a policy sees it: who makes it, an action, the resource (absent in a trust policy) and the
 * request context keys the auditor knows (lower-case names).
 *
 * @param service the service principal making the request (resource and trust policies), or how findings
 *     name the holder of an identity policy, e.g. "role Writer"
 * @param description how findings name the request, e.g. "bedrock.amazonaws.com s3:PutObject on arn:..."
 * @param identityPolicy whether the policy is an identity policy, whose statements name no principal and
 *     apply to whoever holds it
 */
record PolicyRequest(String service, String action, Optional<String> resource, Map<String, String> context,
        String description, boolean identityPolicy) {

    PolicyRequest {
        context = Map.copyOf(context);
    }

    /** A request a service principal makes, judged by a resource, key or trust policy. */
    PolicyRequest(String service, String action, Optional<String> resource, Map<String, String> context,
            String description) {
        this(service, action, resource, context, description, false);
    }
}
