package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The shared config and credentials files, found as the SDK finds them, and the profile that AWS_PROFILE or
 * the aws.profile property names in them.
 *
 * <p>The SDK's chains pass over a profile they cannot find and go on (to IMDS, a container role, ...), to
 * end in "no region" or "no credentials", which never names the typo; a file they cannot parse ends in an
 * exception when the first client is built. {@link #check} names either cause before any AWS call. As with
 * the AWS CLI, a named profile must exist even where environment credentials would not need it.
 *
 * @param profileName the profile named, if any; unnamed, the SDK uses "default" only where it exists
 * @param profileInput the variable or property that names it, for the message
 */
record ProfileFiles(Optional<String> profileName, String profileInput, Path configFile, Path credentialsFile) {

    /** The property that names an [sso-session NAME] section; the SDK's own constant for it is internal. */
    private static final String SSO_SESSION = "sso_session";

    /** What the SDK reads: the aws.profile property before AWS_PROFILE; AWS_CONFIG_FILE and so on for the paths. */
    static ProfileFiles ofSdkSettings() {
        ProfileFileSystemSetting profile = ProfileFileSystemSetting.AWS_PROFILE;
        String input = System.getProperty(profile.property()) != null
                ? "the " + profile.property() + " property" : profile.environmentVariable();
        return new ProfileFiles(profile.getNonDefaultStringValue().filter(name -> !name.isBlank()), input,
                ProfileFileLocation.configurationFilePath(), ProfileFileLocation.credentialsFilePath());
    }

    /** @throws ConfigurationException for a file that cannot be parsed, or a named profile in neither file */
    void check() {
        ProfileFile config = parse(configFile, ProfileFile.Type.CONFIGURATION, "config");
        ProfileFile credentials = parse(credentialsFile, ProfileFile.Type.CREDENTIALS, "credentials");
        Optional<String> missing =
                profileName.filter(name -> config.profile(name).isEmpty() && credentials.profile(name).isEmpty());
        if (missing.isPresent()) {
            throw new ConfigurationException(profileInput + " names the profile '" + missing.get()
                    + "', which is in neither " + configFile + " nor " + credentialsFile);
        }
    }

    /**
     * Whether the named profile gets its credentials from IAM Identity Center (SSO): it names an sso_session, or
     * (the legacy form) an sso_start_url. False for no profile named, or a config file that cannot be read.
     */
    boolean signsInWithSso() {
        try {
            return profileName.flatMap(parse(configFile, ProfileFile.Type.CONFIGURATION, "config")::profile)
                    .filter(profile -> profile.property(SSO_SESSION).isPresent()
                            || profile.property(ProfileProperty.SSO_START_URL).isPresent())
                    .isPresent();
        } catch (ConfigurationException e) {
            return false;
        }
    }

    /** An absent file is empty, as to the SDK. */
    private static ProfileFile parse(Path file, ProfileFile.Type type, String what) {
        if (!Files.isRegularFile(file)) {
            return ProfileFile.aggregator().build();
        }
        try {
            return ProfileFile.builder().content(file).type(type).build();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigurationException("the AWS " + what + " file " + file + " cannot be read: " + e.getMessage(),
                    e);
        }
    }
}
