package dev.bedrockauditor.aws;

import dev.bedrockauditor.domain.MemberAccount;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.IoUtils;

/**
 * Enters member accounts through their member role. Each role is assumed once, through the home region's STS
 * endpoint (regional, not the global one), and its credentials are kept for the run: an hour outlasts the
 * longest run, and STS's rate limits cannot be raised.
 */
public final class MemberRoles {

    /** The session name CloudTrail shows in the member account for every call the auditor makes there. */
    static final String SESSION_NAME = "bedrock-logging-auditor";
    private static final Duration SESSION = Duration.ofHours(1);

    private final AwsClients clients;
    private final String homeRegion;
    private final String partition;
    private final String roleName;
    private final FailureReasons reasons;

    public MemberRoles(AwsClients clients, String homeRegion, String partition, String roleName,
            FailureReasons reasons) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.partition = partition;
        this.roleName = roleName;
        this.reasons = reasons;
    }

    /** What entering an account gave: its credentials, or why it could not be entered. */
    public sealed interface Entry {
        /** Credentials for the account, to close after the run. */
        record Entered(AwsCredentialsProvider credentials) implements Entry {}

        record Refused(String reason) implements Entry {}
    }

    public String roleArn(String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /** Assumes the member role now, so a refusal is known before the account's audit starts. */
    public Entry enter(MemberAccount account) {
        String arn = roleArn(account.id());
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(clients.sts(homeRegion))
                .refreshRequest(request -> request.roleArn(arn).roleSessionName(SESSION_NAME)
                        .durationSeconds((int) SESSION.toSeconds()))
                .asyncCredentialUpdateEnabled(false)
                .build();
        try {
            credentials.resolveCredentials();
            return new Entry.Entered(credentials);
        } catch (RuntimeException e) {
            IoUtils.closeQuietly(credentials, null);
            return new Entry.Refused(refusal(arn, e));
        }
    }

    private String refusal(String arn, RuntimeException e) {
        SdkException sdk = sdkCause(e);
        if (sdk instanceof AwsServiceException service && FailureReasons.isAccessDenied(service)) {
            // STS answers the same for a missing role and for a trust policy that does not name the caller.
            return "sts:AssumeRole on " + arn + " was refused (AccessDenied): the member role is missing there, or"
                    + " its trust policy does not trust this auditor's role; deploy src/cloudformation/member-role.yaml"
                    + " to the account";
        }
        return "sts:AssumeRole on " + arn + " failed: " + reasons.describe(sdk == null ? e : sdk,
                "sts:AssumeRole on " + arn);
    }

    private static SdkException sdkCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkException sdk) {
                return sdk;
            }
        }
        return null;
    }
}
