package dev.bedrockauditor.policies;

import java.util.Map;
import java.util.Optional;

/**
 * The request Bedrock makes, as a policy sees it: a service principal, an action, the resource (absent in
 * a trust policy) and the request context keys the auditor knows (lower-case names).
 *
 * @param description how findings name the request, e.g. "bedrock.amazonaws.com s3:PutObject on arn:..."
 */
record PolicyRequest(String service, String action, Optional<String> resource, Map<String, String> context,
        String description) {

    PolicyRequest {
        context = Map.copyOf(context);
    }
}
