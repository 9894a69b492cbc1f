package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bedrockauditor.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileFilesTest {

    private static final String CONFIG = """
            [default]
            region = us-east-1

            [profile region-only]
            region = eu-west-1

            [profile sso]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Auditor

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1

            [profile legacy-sso]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = Auditor

            [profile role]
            role_arn = arn:aws:iam::111122223333:role/Auditor
            source_profile = keys
            """;
    private static final String CREDENTIALS = """
            [keys]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            """;

    @TempDir
    Path directory;

    private ProfileFiles files(Optional<String> profile) throws IOException {
        Path config = Files.writeString(directory.resolve("config"), CONFIG);
        Path credentials = Files.writeString(directory.resolve("credentials"), CREDENTIALS);
        return new ProfileFiles(profile, "AWS_PROFILE", config, credentials);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "region-only", "sso", "legacy-sso", "role", "keys"})
    void aProfileInEitherFileIsFound(String profile) throws IOException {
        assertDoesNotThrow(() -> files(Optional.of(profile)).check());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"sso, true", "legacy-sso, true", "role, false", "region-only, false", "keys, false", "nosuch, false"})
    void aProfileSignsInWithSsoThroughAnSsoSessionOrAStartUrl(String profile, boolean sso) throws IOException {
        assertEquals(sso, files(Optional.of(profile)).signsInWithSso());
    }

    @Test
    void noProfileNamedOrAConfigFileThatCannotBeReadIsNoSsoProfile() throws IOException {
        assertFalse(files(Optional.empty()).signsInWithSso());
        Path broken = Files.writeString(directory.resolve("broken"), "[profile sso]\nsso_session corp\n");
        assertFalse(new ProfileFiles(Optional.of("sso"), "AWS_PROFILE", broken, directory.resolve("none"))
                .signsInWithSso());
    }

    @Test
    void aProfileInNeitherFileIsNamedWithBothFiles() throws IOException {
        ProfileFiles files = files(Optional.of("nosuch"));

        ConfigurationException error = assertThrows(ConfigurationException.class, files::check);

        assertEquals("AWS_PROFILE names the profile 'nosuch', which is in neither " + directory.resolve("config")
                + " nor " + directory.resolve("credentials"), error.getMessage());
    }

    @Test
    void aSessionSectionIsNoProfile() throws IOException {
        assertThrows(ConfigurationException.class, () -> files(Optional.of("corp")).check());
    }

    @Test
    void withoutEitherFileANamedProfileIsMissingAndAnUnnamedOneIsNoError() {
        Path config = directory.resolve("absent-config");
        Path credentials = directory.resolve("absent-credentials");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> new ProfileFiles(Optional.of("nosuch"), "the aws.profile property", config, credentials).check());
        assertEquals("the aws.profile property names the profile 'nosuch', which is in neither " + config + " nor "
                + credentials, error.getMessage());
        assertDoesNotThrow(() -> new ProfileFiles(Optional.empty(), "AWS_PROFILE", config, credentials).check(),
                "with no profile named, the chains go on to environment credentials or a role");
    }

    @Test
    void aFileTheSdkCannotParseIsNamedWithTheReason() throws IOException {
        Path config = Files.writeString(directory.resolve("config"), "[profile audit]\nregion us-east-1\n");

        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> new ProfileFiles(Optional.empty(), "AWS_PROFILE", config, directory.resolve("none")).check());

        assertEquals("the AWS config file " + config + " cannot be read: Expected an '=' sign defining a property on"
                + " line 2", error.getMessage());
    }
}
