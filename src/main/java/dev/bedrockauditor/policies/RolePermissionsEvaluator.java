package dev.bedrockauditor.policies;

import dev.bedrockauditor.domain.RolePolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the role Bedrock assumes may write the invocation logs to its log group: {@code logs:CreateLogStream}
 * and {@code logs:PutLogEvents} on the stream Bedrock writes. IAM's logic for one account: some inline or
 * attached policy allows each action, no policy denies it, and a permissions boundary, where there is one,
 * allows it too.
 */
public final class RolePermissionsEvaluator {

    /** The stream Bedrock writes to, as the Bedrock user guide's role policy names it. */
    public static final String STREAM = "aws/bedrock/modelinvocations";

    private static final List<String> ACTIONS = List.of("logs:CreateLogStream", "logs:PutLogEvents");

    private RolePermissionsEvaluator() {}

    public static PolicyVerdict evaluate(RolePolicies policies, String roleName, String logGroupArn) {
        String stream = logGroupArn + ":log-stream:" + STREAM;
        List<String> notes = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        for (String action : ACTIONS) {
            PolicyRequest request = new PolicyRequest("role " + roleName, action, Optional.of(stream),
                    Map.of("aws:securetransport", "true"), action + " on " + stream, true);
            Optional<String> allowedBy = Optional.empty();
            List<String> refusals = new ArrayList<>();
            List<RolePolicies.Policy> granting = new ArrayList<>(policies.inline());
            granting.addAll(policies.attached());
            for (RolePolicies.Policy policy : granting) {
                PolicyVerdict verdict = PolicyMatcher.evaluate(policy.document(), request);
                verdict.notes().forEach(note -> notes.add(policy.name() + ": " + note));
                if (verdict instanceof PolicyVerdict.Unreadable unreadable) {
                    return new PolicyVerdict.Unreadable("policy " + policy.name() + ": " + unreadable.why());
                }
                if (verdict instanceof PolicyVerdict.Refused refused) {
                    if (refused.denied()) {
                        // An explicit Deny in any policy outweighs every Allow.
                        return new PolicyVerdict.Refused("policy " + policy.name() + ": " + refused.why(), notes, true);
                    }
                    refusals.add(policy.name() + ": " + refused.why());
                } else if (allowedBy.isEmpty()) {
                    allowedBy = Optional.of(policy.name());
                }
            }
            if (allowedBy.isEmpty()) {
                String why = granting.isEmpty() ? "the role has no permission policy"
                        : "no policy of the role allows " + action + " on " + stream + " (" + String.join("; ", refusals)
                                + ")";
                return new PolicyVerdict.Refused(why, notes);
            }
            if (policies.boundary().isPresent()) {
                RolePolicies.Policy boundary = policies.boundary().get();
                PolicyVerdict capped = PolicyMatcher.evaluate(boundary.document(), request);
                if (capped instanceof PolicyVerdict.Unreadable unreadable) {
                    return new PolicyVerdict.Unreadable("permissions boundary " + boundary.name() + ": " + unreadable.why());
                }
                if (capped instanceof PolicyVerdict.Refused refused) {
                    return new PolicyVerdict.Refused("permissions boundary " + boundary.name() + " does not allow "
                            + action + " (" + refused.why() + ")", notes);
                }
            }
            grants.add(action + " by " + allowedBy.get());
        }
        return new PolicyVerdict.Allowed("the role may " + String.join(" and ", grants)
                + policies.boundary().map(boundary -> " within boundary " + boundary.name()).orElse(""), notes);
    }
}
