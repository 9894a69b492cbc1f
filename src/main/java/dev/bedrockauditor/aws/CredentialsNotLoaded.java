package dev.bedrockauditor.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line for credentials the SDK's default chain could not load.
 *
 * <p>The chain's message names each provider it tried, then its reason, in one list: {@code Unable to load
 * credentials from any of the providers in the chain CHAIN : [PROVIDER: REASON, PROVIDER: REASON, ...]}. Where
 * AWS_PROFILE (or the aws.profile property) names a profile, that profile was the user's choice, and its provider's
 * reason, e.g. an SSO session that has expired, is the one that matters; the others (no environment variables, no
 * container, no instance role) only restate that the profile gave nothing. The list is found by its text: an SDK
 * that words it otherwise gets a line without the reason, never a wrong one.
 */
final class CredentialsNotLoaded {

    static final String NO_PROFILE = "no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or run where a role is attached";

    /** Where the chain's own description ends and the list of reasons begins. */
    private static final String REASONS = ") : [";
    private static final String PROVIDER = "ProfileCredentialsProvider(profileName=";
    /** The entry after the profile's, which starts with its provider's name, e.g. ContainerCredentialsProvider(). */
    private static final Pattern NEXT_ENTRY = Pattern.compile(", [A-Z][A-Za-z]*CredentialsProvider\\(");
    /** Said by the SDK's own reason for an expired legacy SSO session; then our hint would only repeat it. */
    private static final String SSO_LOGIN = "aws sso login";

    private CredentialsNotLoaded() {}

    /** @param chainMessage the message of the SDK's exception, which starts "Unable to load credentials" */
    static String describe(String chainMessage, ProfileFiles files) {
        if (files.profileName().isEmpty()) {
            return NO_PROFILE;
        }
        String profile = files.profileName().get();
        Optional<String> reason = profileReason(chainMessage, profile);
        StringBuilder line = new StringBuilder("no AWS credentials from the profile '").append(profile)
                .append("' (named by ").append(files.profileInput()).append(")");
        reason.ifPresent(r -> line.append(": ").append(FailureReasons.shorten(r)));
        if (files.signsInWithSso() && !reason.orElse("").contains(SSO_LOGIN)) {
            // aws sso login (AWS CLI v2) writes the token cache the SDK reads, which is what an expired or missing
            // session needs; the SDK cannot sign in by itself.
            line.append("; to sign in to its SSO session, run ").append(SSO_LOGIN).append(" --profile ")
                    .append(profile);
        }
        return line.toString();
    }

    /** The reason the chain gives for this profile's provider, if the message lists one. */
    static Optional<String> profileReason(String chainMessage, String profile) {
        int reasons = chainMessage.indexOf(REASONS);
        String named = PROVIDER + profile;
        int entry = reasons < 0 ? -1 : chainMessage.indexOf(named, reasons);
        int after = entry + named.length();
        if (entry < 0 || after >= chainMessage.length() || ",)".indexOf(chainMessage.charAt(after)) < 0) {
            return Optional.empty();
        }
        // The provider's description holds the profile file's, with parentheses of its own: skip to the one that
        // closes it, which ": " follows.
        int depth = 0;
        int close = -1;
        for (int i = entry + PROVIDER.indexOf('('); i < chainMessage.length() && close < 0; i++) {
            char c = chainMessage.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            close = depth == 0 ? i : -1;
        }
        if (close < 0 || !chainMessage.startsWith(": ", close + 1)) {
            return Optional.empty();
        }
        int start = close + 3;
        Matcher next = NEXT_ENTRY.matcher(chainMessage);
        int end = next.find(start) ? next.start() : chainMessage.endsWith("]") ? chainMessage.length() - 1 : -1;
        if (end < start) {
            return Optional.empty();
        }
        String reason = chainMessage.substring(start, end).strip();
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }
}
