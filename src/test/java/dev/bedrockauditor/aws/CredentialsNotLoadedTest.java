package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

class CredentialsNotLoadedTest {

    /**
     * The SDK 2.40.2 default chain's message, as a run with AWS_PROFILE=legacy gave it: a legacy SSO profile
     * (sso_start_url) whose cached token had expired, no environment credentials, IMDS disabled.
     */
    private static final String LEGACY_EXPIRED = "Unable to load credentials from any of the providers in the chain"
            + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
            + " EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(),"
            + " ProfileCredentialsProvider(profileName=legacy, profileFile=ProfileFile(sections=[profiles, sso-session,"
            + " services], profiles=[Profile(name=legacy, properties=[sso_region, sso_start_url, sso_role_name,"
            + " sso_account_id])])), ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) :"
            + " [SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must"
            + " be specified either via environment variable (AWS_ACCESS_KEY_ID) or system property"
            + " (aws.accessKeyId)., EnvironmentVariableCredentialsProvider(): Unable to load credentials from system"
            + " settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system"
            + " property (aws.accessKeyId)., WebIdentityTokenCredentialsProvider(): Either the environment variable"
            + " AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set.,"
            + " ProfileCredentialsProvider(profileName=legacy, profileFile=ProfileFile(sections=[profiles, sso-session,"
            + " services], profiles=[Profile(name=legacy, properties=[sso_region, sso_start_url, sso_role_name,"
            + " sso_account_id])])): The SSO session associated with this profile has expired or is otherwise"
            + " invalid. To refresh this SSO session run aws sso login with the corresponding profile.,"
            + " ContainerCredentialsProvider(): Cannot fetch credentials from container - neither"
            + " AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI environment variables are"
            + " set., InstanceProfileCredentialsProvider(): IMDS credentials have been disabled by environment"
            + " variable or system property.]";

    @TempDir
    Path directory;

    private ProfileFiles named(String profile, String config) throws IOException {
        return new ProfileFiles(Optional.of(profile), "AWS_PROFILE", Files.writeString(directory.resolve("config"),
                config), directory.resolve("credentials"));
    }

    /** What the SDK's own chain says when the profile and then the container give nothing. */
    private static String sdkMessage(ProfileFiles files) {
        ProfileFile config = ProfileFile.builder().content(files.configFile()).type(ProfileFile.Type.CONFIGURATION)
                .build();
        try (AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(false)
                .credentialsProviders(ProfileCredentialsProvider.builder().profileFile(config)
                        .profileName(files.profileName().orElseThrow()).build(), ContainerCredentialsProvider.create())
                .build()) {
            return assertThrows(SdkClientException.class, chain::resolveCredentials).getMessage();
        }
    }

    @Test
    void withNoProfileNamedTheLineSaysWhereCredentialsCanComeFrom() {
        ProfileFiles none = new ProfileFiles(Optional.empty(), "AWS_PROFILE", directory.resolve("config"),
                directory.resolve("credentials"));

        assertEquals("no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
                + " run where a role is attached", CredentialsNotLoaded.describe(LEGACY_EXPIRED, none));
    }

    @Test
    void anExpiredLegacySsoSessionIsTheSdksReasonForTheNamedProfile() throws IOException {
        ProfileFiles legacy = named("legacy", "[profile legacy]\nsso_start_url = https://example.awsapps.com/start\n"
                + "sso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Auditor\n");

        assertEquals("no AWS credentials from the profile 'legacy' (named by AWS_PROFILE): The SSO session associated"
                + " with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso"
                + " login with the corresponding profile.", CredentialsNotLoaded.describe(LEGACY_EXPIRED, legacy));
    }

    @Test
    void anSsoSessionProfileWithoutACachedTokenSaysHowToSignIn() throws IOException {
        // A session name no cache can hold a token for, whatever the home directory holds.
        String session = "no-such-session-" + UUID.randomUUID();
        ProfileFiles sso = named("security-audit", "[profile security-audit]\nsso_session = " + session
                + "\nsso_account_id = 111122223333\nsso_role_name = Auditor\n\n[sso-session " + session + "]\n"
                + "sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n");

        assertEquals("no AWS credentials from the profile 'security-audit' (named by AWS_PROFILE): Unable to load SSO"
                + " token; to sign in to its SSO session, run aws sso login --profile security-audit",
                CredentialsNotLoaded.describe(sdkMessage(sso), sso));
    }

    @Test
    void aProfileWithoutCredentialsGetsTheSdksReasonAndNoSsoHint() throws IOException {
        ProfileFiles regionOnly = named("auditor", "[profile auditor]\nregion = eu-west-1\n");

        assertEquals("no AWS credentials from the profile 'auditor' (named by AWS_PROFILE): Profile file contained no"
                + " credentials for profile 'auditor': ProfileFile(sections=[profiles, sso-session, services],"
                + " profiles=[Profile(name=auditor, properties=[region])])",
                CredentialsNotLoaded.describe(sdkMessage(regionOnly), regionOnly));
    }

    @Test
    void theProfileNamedByThePropertyIsSaidSo() throws IOException {
        ProfileFiles byProperty = new ProfileFiles(Optional.of("legacy"), "the aws.profile property",
                named("legacy", "[profile legacy]\nregion = eu-west-1\n").configFile(), directory.resolve("none"));

        assertEquals("no AWS credentials from the profile 'legacy' (named by the aws.profile property): The SSO"
                + " session associated with this profile has expired or is otherwise invalid. To refresh this SSO"
                + " session run aws sso login with the corresponding profile.",
                CredentialsNotLoaded.describe(LEGACY_EXPIRED, byProperty));
    }

    @Test
    void aMessageWithoutTheProfilesReasonStillNamesTheProfileAndNeverAsksToSetIt() throws IOException {
        ProfileFiles sso = named("legacy", "[profile legacy]\nsso_start_url = https://example.awsapps.com/start\n");

        assertEquals("no AWS credentials from the profile 'legacy' (named by AWS_PROFILE); to sign in to its SSO"
                + " session, run aws sso login --profile legacy", CredentialsNotLoaded.describe(
                        "Unable to load credentials from any of the providers in the chain", sso));
        assertEquals(Optional.empty(), CredentialsNotLoaded.profileReason(LEGACY_EXPIRED, "leg"),
                "a profile whose name starts another's is not that one");
        assertEquals(Optional.empty(), CredentialsNotLoaded.profileReason(LEGACY_EXPIRED.substring(0, 1200),
                "legacy"), "an entry cut off before its reason");
        assertEquals(Optional.empty(), CredentialsNotLoaded.profileReason(
                LEGACY_EXPIRED.replace("])])): The SSO", "])]): The SSO"), "legacy"), "parentheses that never close");
    }
}
