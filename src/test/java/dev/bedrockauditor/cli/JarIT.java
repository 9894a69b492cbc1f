package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.JavaProcess;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;

/** The packaged jar, run as a user runs it: {@code java -jar target/bedrock-logging-auditor.jar}. */
@ExtendWith(MotoServer.class)
class JarIT {

    private static final Path JAR = JavaProcess.JAR;

    private record Exit(int code, String stdout, String stderr) {}

    private static Exit java(Map<String, String> environment, String... args) {
        return java(List.of(), environment, args);
    }

    /** {@code java OPTIONS -jar} the packaged jar, with only the given AWS variables, to the end (at most a minute). */
    private static Exit java(List<String> javaOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(javaOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        JavaProcess.Exit exit = JavaProcess.run(command, environment, new byte[0], Duration.ofSeconds(60));
        return new Exit(exit.code(), exit.stdout(), exit.stderr());
    }

    private static Map<String, String> awsEnvironment(MotoServer moto) {
        return Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
    }

    @Test
    void theJarAuditsSeededRegionsAndReportsJsonOnStdout(MotoServer moto) throws Exception {
        new MotoAccount(moto).logging("eu-west-1", LoggingConfig.builder()
                .s3Config(S3Config.builder().bucketName("audit-logs").build())
                .textDataDeliveryEnabled(true)
                .build());

        Exit run = java(awsEnvironment(moto), "--regions", "eu-west-1,us-west-2", "--output", "json",
                "--required-data-types", "TEXT");

        assertEquals(1, run.code(), run.stderr());
        JsonNode report = new ObjectMapper().readTree(run.stdout());
        // eu-west-1 names a bucket that does not exist: configured, but recording nothing.
        assertEquals("[\"eu-west-1\",\"us-west-2\"]", report.get("summary").get("regionsNotLogging").toString());
        assertEquals("[]", report.get("summary").get("regionsLogging").toString());
        assertTrue(run.stderr().contains("Auditing 2 region(s) of account 123456789012"), run.stderr());
        assertFalse(run.stderr().contains("SLF4J"), "no logging-framework noise: " + run.stderr());
    }

    /**
     * An emulator at a bare IP address, as AWS_ENDPOINT_URL usually names one: S3 Control's calls (the account's
     * public access block, read when a bucket has none of its own) reach it too, without the account id in front
     * of the address. This JVM resolves names as the machine does (no test hosts file).
     */
    @Test
    void theAccountsPublicAccessBlockIsReadFromAnEmulatorAtAnIpAddress(MotoServer moto) throws Exception {
        MotoAccount account = new MotoAccount(moto);
        account.fullLogging("eu-west-1");
        try (var s3 = account.s3("eu-west-1")) {
            s3.deletePublicAccessBlock(request -> request.bucket("audit-logs-eu-west-1"));
        }
        assertTrue(moto.endpoint().getHost().matches("[0-9.]+"), moto.endpoint().toString());

        Exit run = java(awsEnvironment(moto), "--regions", "eu-west-1", "--output", "json");

        // Neither the bucket nor the account blocks public access: read, so FAILED, not NOT_AVAILABLE.
        assertEquals(1, run.code(), run.stderr());
        JsonNode protection = null;
        for (JsonNode finding : new ObjectMapper().readTree(run.stdout()).get("findings")) {
            if (finding.get("controlId").asText().equals("bedrock-invocation-logging-log-protection")) {
                protection = finding;
            }
        }
        assertTrue(protection != null, run.stdout());
        assertEquals("FAILED", protection.get("status").asText(), protection.toString());
        assertTrue(protection.get("detail").asText().contains("public access"), protection.toString());
        assertFalse(run.stdout().contains("internal error"), run.stdout());
    }

    @Test
    void everyRegionLoggingExitsZero(MotoServer moto) throws Exception {
        new MotoAccount(moto).fullLogging("us-east-1");

        Exit run = java(awsEnvironment(moto), "--regions", "us-east-1");

        assertEquals(0, run.code(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("1 region audited in account 123456789012 (aws): 1 logging"), run.stdout());
    }

    @Test
    void helpExitsZeroAndABadFlagExitsTwoWithOneLine() throws Exception {
        Exit help = java(Map.of(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.stdout().startsWith("Usage: src/bin/bedrock-logging-auditor [options]"), help.stdout());

        Exit bad = java(Map.of(), "--output", "yaml");
        assertEquals(2, bad.code());
        assertEquals("", bad.stdout());
        assertEquals("bedrock-logging-auditor: --output is 'yaml'; accepted: table, json, asff", bad.stderr().strip());
    }

    @Test
    void noRegionConfiguredIsAConfigurationErrorNamingAwsRegion() throws Exception {
        Exit run = java(Map.of("AWS_CONFIG_FILE", "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"));

        assertEquals(2, run.code());
        assertTrue(run.stderr().startsWith("bedrock-logging-auditor: no home region is configured: set AWS_REGION"),
                run.stderr());
    }

    @ParameterizedTest(name = "AWS_REGION set: {0}")
    @ValueSource(booleans = {false, true})
    void aProfileInNeitherFileExitsTwoNamingItAndBothFiles(boolean regionSet, @TempDir Path home) throws Exception {
        Path config = Files.createFile(home.resolve("config"));
        Path credentials = home.resolve("credentials");
        Map<String, String> environment = new HashMap<>(Map.of("AWS_PROFILE", "nosuch",
                "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()));
        if (regionSet) {
            environment.put("AWS_REGION", "us-east-1");
        }

        Exit run = java(environment);

        assertEquals(2, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals("bedrock-logging-auditor: AWS_PROFILE names the profile 'nosuch', which is in neither " + config
                + " nor " + credentials, run.stderr().strip());
    }

    @Test
    void aProfileNamedByThePropertyIsNamedSo(@TempDir Path home) throws Exception {
        Path config = home.resolve("config");
        Path credentials = home.resolve("credentials");

        Exit run = java(List.of("-Daws.profile=nosuch"), Map.of("AWS_REGION", "us-east-1",
                "AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()));

        assertEquals(2, run.code(), run.stderr());
        assertEquals("bedrock-logging-auditor: the aws.profile property names the profile 'nosuch', which is in"
                + " neither " + config + " nor " + credentials, run.stderr().strip());
    }

    @Test
    void aProfileWithOnlyARegionGivesTheHomeRegionWhileTheEnvironmentGivesCredentials(
            MotoServer moto, @TempDir Path home) throws Exception {
        Path config = Files.writeString(home.resolve("config"), "[profile auditor]\nregion = eu-west-1\n");

        Exit run = java(Map.of("AWS_PROFILE", "auditor", "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"), "--regions", "eu-west-1", "--output", "json");

        assertEquals(1, run.code(), run.stderr());
        assertEquals("eu-west-1", new ObjectMapper().readTree(run.stdout()).get("homeRegion").asText());
    }

    /**
     * Where the AWS CLI finds its region, the home region comes from too: AWS_DEFAULT_REGION (which the SDK alone
     * ignores) after AWS_REGION and before the profile's region; an empty variable counts as unset.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "AWS_DEFAULT_REGION alone||eu-west-1||eu-west-1",
        "AWS_REGION before AWS_DEFAULT_REGION|us-west-2|eu-west-1||us-west-2",
        "AWS_DEFAULT_REGION before the profile's region||eu-west-1|ap-south-1|eu-west-1",
        "the profile's region with neither variable|||ap-south-1|ap-south-1",
        "an empty AWS_REGION counts as unset|''|eu-west-1|ap-south-1|eu-west-1",
        "an empty AWS_REGION leaves the profile's region|''||ap-south-1|ap-south-1",
    })
    void theHomeRegionComesFromWhereTheAwsCliFindsItsRegion(String name, String awsRegion, String defaultRegion,
            String profileRegion, String expected, MotoServer moto, @TempDir Path home) throws Exception {
        Path config = Files.writeString(home.resolve("config"),
                profileRegion == null ? "" : "[default]\nregion = " + profileRegion + "\n");
        Map<String, String> environment = new HashMap<>(Map.of("AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
        if (awsRegion != null) {
            environment.put("AWS_REGION", awsRegion);
        }
        if (defaultRegion != null) {
            environment.put("AWS_DEFAULT_REGION", defaultRegion);
        }

        Exit run = java(environment, "--regions", "eu-west-1", "--output", "json");

        assertEquals(1, run.code(), run.stderr());
        assertEquals(expected, new ObjectMapper().readTree(run.stdout()).get("homeRegion").asText());
    }

    @Test
    void aHomeRegionThatIsNoRegionIsAConfigurationErrorNamingWhereItCanComeFrom() {
        Exit run = java(Map.of("AWS_DEFAULT_REGION", "moon", "AWS_CONFIG_FILE", "/nonexistent",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY",
                "test", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"));

        assertEquals(2, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals("bedrock-logging-auditor: the home region 'moon' (from AWS_REGION, AWS_DEFAULT_REGION, the"
                + " aws.region property or the AWS profile) is not an AWS region known to this auditor",
                run.stderr().strip());
    }

    @Test
    void anXmlFactoryJavaCannotMakeIsAConfigurationErrorNamingTheProperty(MotoServer moto) throws Exception {
        new MotoAccount(moto).fullLogging("eu-west-1");
        String property = "-Djavax.xml.stream.XMLInputFactory=";

        Exit refused = java(List.of(property + "com.example.NoSuchFactory"), awsEnvironment(moto),
                "--regions", "eu-west-1", "--output", "json");
        assertEquals(2, refused.code(), refused.stderr());
        assertEquals("", refused.stdout());
        assertEquals("bedrock-logging-auditor: the Java system property javax.xml.stream.XMLInputFactory is"
                + " 'com.example.NoSuchFactory', of which Java cannot make an XML reader factory (Provider"
                + " com.example.NoSuchFactory not found); remove the -Djavax.xml.stream.XMLInputFactory option (from"
                + " BEDROCK_AUDITOR_JAVA_OPTS, JAVA_TOOL_OPTIONS or the java command) to use the auditor's own",
                refused.stderr().strip());

        // One Java can make is still the user's to choose: S3's replies are read with it.
        Exit chosen = java(List.of(property + "com.sun.xml.internal.stream.XMLInputFactoryImpl"),
                awsEnvironment(moto), "--regions", "eu-west-1", "--output", "json");
        assertEquals(0, chosen.code(), chosen.stderr());
        assertEquals("[\"eu-west-1\"]",
                new ObjectMapper().readTree(chosen.stdout()).get("summary").get("regionsLogging").toString());
    }

    @Test
    void theJarCarriesNoOtherHttpClient() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertTrue(jar.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class") != null);
            assertTrue(jar.stream().noneMatch(entry -> entry.getName().startsWith("software/amazon/awssdk/http/apache/")
                    || entry.getName().startsWith("software/amazon/awssdk/http/nio/netty/")
                    || entry.getName().startsWith("io/netty/")
                    || entry.getName().startsWith("org/apache/http/")
                    || entry.getName().startsWith("software/amazon/awssdk/crt/")));
        }
    }

    @Test
    void aHomeRegionWhosePartitionHasNoBedrockIsNothingToAuditNotAPass() throws Exception {
        Exit run = java(Map.of("AWS_REGION", "cn-north-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9"));

        assertEquals(2, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals("bedrock-logging-auditor: nothing to audit: partition aws-cn of the home region cn-north-1 has no"
                + " Bedrock region known to this auditor; set AWS_REGION to a region of the partition to audit, or name"
                + " regions with --regions or AUDIT_REGIONS", run.stderr().strip());
    }

    @Test
    void theLauncherRunsTheJarLeanWithTheSameArgumentsOutputAndExitStatus(MotoServer moto) throws Exception {
        new MotoAccount(moto).fullLogging("eu-west-1");
        Map<String, String> environment = new HashMap<>(awsEnvironment(moto));

        JavaProcess.Exit audit = launcher(environment, "--regions", "eu-west-1,us-west-2", "--output", "json");

        assertEquals(1, audit.code(), audit.stderr());
        JsonNode report = new ObjectMapper().readTree(audit.stdout());
        assertEquals("[\"eu-west-1\"]", report.get("summary").get("regionsLogging").toString(),
                "stdout is the report alone");
        JavaProcess.Exit refused = launcher(environment, "--output", "xml");
        assertEquals(2, refused.code());
        assertEquals("bedrock-logging-auditor: --output is 'xml'; accepted: table, json, asff",
                (refused.stdout() + refused.stderr()).strip());
    }

    /**
     * The launcher of this checkout, with this JDK and without recording the class archive (that makes a first run
     * slow and writes to target/, which LauncherClassArchiveIT tests in a checkout of its own).
     */
    private static JavaProcess.Exit launcher(Map<String, String> variables, String... args) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("BEDROCK_AUDITOR_CDS", "off");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        return JavaProcess.runLauncher(Path.of("src/bin/bedrock-logging-auditor"), List.of(args), environment,
                Duration.ofSeconds(60));
    }

    /**
     * A JVM that refuses an option exits 1, which would read as a failed control: the launcher makes it a usage
     * error (2) that names the variable and quotes the JVM's reason, with nothing on stdout.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-Xbogus|Unrecognized option: -Xbogus",
        "-Xmx256m -XX:+NoSuchFlag|Unrecognized VM option 'NoSuchFlag'",
        "-XX:+UseG1GC -XX:+UseParallelGC|Multiple garbage collectors selected",
    })
    void javaOptionsTheJvmRefusesAreAUsageErrorNamingTheVariable(String options, String reason) {
        JavaProcess.Exit run = launcher(Map.of("BEDROCK_AUDITOR_JAVA_OPTS", options), "--regions", "us-east-1");

        assertEquals(2, run.code(), run.stderr());
        assertEquals("", run.stdout());
        assertEquals("bedrock-logging-auditor: BEDROCK_AUDITOR_JAVA_OPTS is '" + options + "', which "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " refuses: " + reason,
                run.stderr().strip());
    }

    /**
     * The launcher's 128 MB heap is for one account; an organization run keeps about 8 MB per account until its
     * alert (ten 32-region accounts ran out of a 64 MB heap in src/bench/organization.sh), so it gets the JVM's
     * default heap, whichever way organization mode is asked for.
     */
    @Test
    void theLauncherLeavesTheOneAccountHeapCapOffForAnOrganizationRun() throws Exception {
        long oneAccountHeap = 128L * 1024 * 1024;
        assertEquals(oneAccountHeap, launcherHeap(Map.of()));
        assertEquals(oneAccountHeap, launcherHeap(Map.of("AUDIT_ORGANIZATION", "false")));
        assertTrue(launcherHeap(Map.of(), "--organization") > oneAccountHeap);
        assertTrue(launcherHeap(Map.of(), "--accounts", "111122223333") > oneAccountHeap);
        assertTrue(launcherHeap(Map.of(), "--accounts=111122223333") > oneAccountHeap);
        assertTrue(launcherHeap(Map.of("AUDIT_ORGANIZATION", "True")) > oneAccountHeap);
        assertTrue(launcherHeap(Map.of("AUDIT_ACCOUNTS", "111122223333")) > oneAccountHeap);
    }

    /** The maximum heap the launcher gives the JVM, as the JVM reports it, for a --help run. */
    private static long launcherHeap(Map<String, String> variables, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("--help");
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("BEDROCK_AUDITOR_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        JavaProcess.Exit run = launcher(environment, command.toArray(String[]::new));
        String output = run.stdout() + run.stderr();
        assertEquals(0, run.code(), output);
        java.util.regex.Matcher heap = java.util.regex.Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(output);
        assertTrue(heap.find(), output);
        return Long.parseLong(heap.group(1));
    }
}
