package dev.bedrockauditor.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bedrockauditor.testing.JavaProcess;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar with an IAM Identity Center (SSO) profile, as a user has one after {@code aws sso login}: the
 * profile in ~/.aws/config and the token the AWS CLI v2 cached under ~/.aws/sso/cache. The SDK finds both through
 * HOME (before the user.home property), so a temporary HOME holds them. moto has no SSO portal (nor SSO OIDC), so
 * WireMock answers sso:GetRoleCredentials (and the OIDC token refresh) as those services do; the audit's own calls
 * go to moto.
 */
@ExtendWith(MotoServer.class)
class SsoProfileIT {

    private static final String PROFILE = "security-audit";
    private static final String ROLE = "BedrockAuditor";
    private static final String START_URL = "https://example.awsapps.com/start";
    private static final String TOKEN = "aoa-cached-access-token";
    private static final String REFRESH_TOKEN = "aor-cached-refresh-token";
    private static final String CANNOT_IDENTIFY = "bedrock-logging-auditor: cannot identify the AWS account"
            + " (sts:GetCallerIdentity in us-east-1): no AWS credentials from the profile '" + PROFILE
            + "' (named by AWS_PROFILE): ";

    /** The two ways a profile names its IAM Identity Center, and the name its token is cached under. */
    enum Form {
        SSO_SESSION("sso_session = corp\n", "[sso-session corp]\nsso_start_url = " + START_URL
                + "\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n", "corp"),
        LEGACY("sso_start_url = " + START_URL + "\nsso_region = us-east-1\n", "", START_URL);

        final String profileLines;
        final String sessionSection;
        final String cacheKey;

        Form(String profileLines, String sessionSection, String cacheKey) {
            this.profileLines = profileLines;
            this.sessionSection = sessionSection;
            this.cacheKey = cacheKey;
        }
    }

    private WireMockServer sso;

    @BeforeEach
    void startSso() {
        sso = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        sso.start();
        // GetRoleCredentials as the SSO portal answers it: expiration in epoch milliseconds (the model's long).
        sso.stubFor(get(urlPathEqualTo("/federation/credentials")).willReturn(okJson("{\"roleCredentials\":{"
                + "\"accessKeyId\":\"ASIAIOSFODNN7EXAMPLE\",\"secretAccessKey\":\"sso-secret\",\"sessionToken\":"
                + "\"sso-session-token\",\"expiration\":" + Instant.now().plus(Duration.ofHours(1)).toEpochMilli()
                + "}}")));
        // A refresh the OIDC service refuses, as it does once the session the refresh token belongs to has ended.
        sso.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "InvalidGrantException")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token provided\"}")));
    }

    @AfterEach
    void stopSso() {
        sso.stop();
    }

    /** A home directory with the profile, and the token {@code aws sso login} would have cached, if any. */
    private static Path home(Path home, Form form, String cachedToken) throws IOException {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("config"), "[profile " + PROFILE + "]\n" + form.profileLines
                + "sso_account_id = " + MotoAccount.ACCOUNT + "\nsso_role_name = " + ROLE + "\nregion = us-east-1\n\n"
                + form.sessionSection);
        if (cachedToken != null) {
            Path cache = Files.createDirectories(aws.resolve("sso").resolve("cache"));
            Files.writeString(cache.resolve(sha1(form.cacheKey) + ".json"), cachedToken);
        }
        return home;
    }

    /** The cache entry the AWS CLI v2 writes: with the client registration and refresh token for a session. */
    private static String cachedToken(Form form, Instant expiresAt) {
        String registration = form == Form.SSO_SESSION ? ",\"clientId\":\"client-id\",\"clientSecret\":"
                + "\"client-secret\",\"registrationExpiresAt\":\"" + Instant.now().plus(Duration.ofDays(80))
                + "\",\"refreshToken\":\"" + REFRESH_TOKEN + "\"" : "";
        return "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\",\"accessToken\":\"" + TOKEN
                + "\",\"expiresAt\":\"" + expiresAt.truncatedTo(ChronoUnit.SECONDS) + "\""
                + registration + "}";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar with only HOME and the profile: no credentials in the environment, no instance metadata. */
    private JavaProcess.Exit audit(MotoServer moto, Path home) {
        Map<String, String> environment = Map.of("HOME", home.toString(), "AWS_PROFILE", PROFILE,
                "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:" + sso.port(),
                "AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:" + sso.port(),
                "AWS_EC2_METADATA_DISABLED", "true");
        return JavaProcess.run(List.of("-jar", JavaProcess.JAR.toString(), "--regions", "eu-west-1", "--output",
                "json"), environment, new byte[0], Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void aSignedInSsoProfileAuditsWithTheRoleCredentialsOfItsAccountAndRole(Form form, MotoServer moto,
            @TempDir Path home) throws Exception {
        new MotoAccount(moto).fullLogging("eu-west-1");
        home(home, form, cachedToken(form, Instant.now().plus(Duration.ofHours(1))));

        JavaProcess.Exit run = audit(moto, home);

        assertEquals(0, run.code(), run.stderr());
        JsonNode report = new ObjectMapper().readTree(run.stdout());
        assertEquals(MotoAccount.ACCOUNT, report.get("accountId").asText());
        assertEquals("[\"eu-west-1\"]", report.get("summary").get("regionsLogging").toString());
        // Once, with the cached token, for the profile's role and account: credentials are resolved once per run.
        sso.verify(1, getRequestedFor(urlEqualTo("/federation/credentials?role_name=" + ROLE + "&account_id="
                + MotoAccount.ACCOUNT)).withHeader("x-amz-sso_bearer_token", equalTo(TOKEN)));
        assertEquals(1, sso.getAllServeEvents().size(), "nothing else reached IAM Identity Center");
        assertTrue(run.stderr().contains("Auditing 1 region(s) of account " + MotoAccount.ACCOUNT), run.stderr());
    }

    /** Exit 2, nothing on stdout, and one line on stderr: the account not identified, the profile, this reason. */
    private static void assertStoppedNamingTheProfile(JavaProcess.Exit run, String reason) {
        assertEquals(2, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals(CANNOT_IDENTIFY + reason, run.stderr().strip());
    }

    @Test
    void anExpiredLegacySessionExitsTwoWithTheSdksAdviceToSignInAgain(MotoServer moto, @TempDir Path home)
            throws Exception {
        home(home, Form.LEGACY, cachedToken(Form.LEGACY, Instant.now().minus(Duration.ofMinutes(1))));

        assertStoppedNamingTheProfile(audit(moto, home), "The SSO session associated with this profile has expired"
                + " or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding"
                + " profile.");
        sso.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anSsoSessionNeverSignedInExitsTwoNamingTheCommandThatSignsIn(MotoServer moto, @TempDir Path home)
            throws Exception {
        home(home, Form.SSO_SESSION, null);

        assertStoppedNamingTheProfile(audit(moto, home), "Unable to load SSO token; to sign in to its SSO session,"
                + " run aws sso login --profile " + PROFILE);
        sso.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The usual way an sso-session ends: the token has expired and the OIDC service refuses to refresh it. */
    @Test
    void anSsoSessionThatCannotBeRefreshedExitsTwoWithOneLine(MotoServer moto, @TempDir Path home)
            throws Exception {
        home(home, Form.SSO_SESSION, cachedToken(Form.SSO_SESSION, Instant.now().minus(Duration.ofMinutes(1))));

        assertStoppedNamingTheProfile(audit(moto, home), "Token is expired; to sign in to its SSO session, run aws"
                + " sso login --profile " + PROFILE);
        sso.verify(postRequestedFor(urlEqualTo("/token")).withRequestBody(equalToJson("{\"clientId\":\"client-id\","
                + "\"clientSecret\":\"client-secret\",\"grantType\":\"refresh_token\",\"refreshToken\":\""
                + REFRESH_TOKEN + "\"}")));
        sso.verify(0, getRequestedFor(urlPathEqualTo("/federation/credentials")));
    }
}
