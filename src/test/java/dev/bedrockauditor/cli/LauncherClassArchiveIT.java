package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.JavaProcess;
import dev.bedrockauditor.testing.JavaProcess.Exit;
import dev.bedrockauditor.testing.MotoAccount;
import dev.bedrockauditor.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher's class archive (src/bin/bedrock-logging-auditor): recorded by the first run after a build that
 * gets as far as AWS, used by later runs, recorded again for a new jar. Run with the Java that runs the tests and
 * with every other JDK 17 or newer installed beside it (on Debian, the JDKs under /usr/lib/jvm), each in a
 * checkout of its own (the launcher and a copy of the jar), so the recording never touches this checkout's target/.
 * Extra JVM options that change what an archive must hold get an archive of their own.
 */
@ExtendWith(MotoServer.class)
class LauncherClassArchiveIT {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)");
    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** This JVM's Java and every JDK 17+ beside it: a directory with a release file, bin/java and lib/modules. */
    static List<Path> javas() throws IOException {
        Path own = Path.of(System.getProperty("java.home")).toRealPath();
        Set<Path> found = new TreeSet<>(Set.of(own));
        try (Stream<Path> siblings = Files.list(own.getParent())) {
            for (Path home : siblings.toList()) {
                if (feature(home) >= 17 && Files.isExecutable(home.resolve("bin/java"))
                        && Files.isRegularFile(home.resolve("lib/modules"))) {
                    found.add(home.toRealPath());
                }
            }
        }
        return List.copyOf(found);
    }

    /** The feature release (17, 21, 25, ...) from the release file, 0 when there is none. */
    private static int feature(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        try {
            Matcher version = VERSION.matcher(Files.readString(release));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("javas")
    void theFirstRunThatReachesAwsRecordsTheArchiveAndLaterRunsMapIt(Path javaHome, MotoServer moto,
            @TempDir Path checkout) throws Exception {
        new MotoAccount(moto).fullLogging("eu-west-1");
        Path launcher = Files.createDirectories(checkout.resolve("src/bin")).resolve("bedrock-logging-auditor");
        Files.copy(Path.of("src/bin/bedrock-logging-auditor"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(checkout.resolve("target"));
        Path jar = target.resolve("bedrock-logging-auditor.jar");
        Files.copy(JavaProcess.JAR, jar);
        // Makes the JVM refuse to start unless it can map the archive it is given.
        String archiveRequired = "-Xshare:on";
        Map<String, String> environment = new HashMap<>(Map.of("JAVA_HOME", javaHome.toString(),
                "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));

        // A run that ends at its arguments gets nowhere near AWS: what it loaded is too little to keep.
        Exit refused = run(launcher, environment, "--output", "xml");
        assertEquals(2, refused.code(), refused.stderr());
        assertEquals("bedrock-logging-auditor: --output is 'xml'; accepted: table, json, asff",
                refused.stderr().strip());
        assertEquals(Set.of("bedrock-logging-auditor.jar"), names(target), "nothing recorded, nothing left behind");

        Exit recording = run(launcher, environment, "--regions", "eu-west-1", "--output", "json");
        assertAudited(recording);
        String recorded = names(target).stream().filter(name -> !name.endsWith(".jar")).collect(Collectors.joining());
        assertTrue(recorded.matches("bedrock-logging-auditor-\\d+\\.jsa"),
                "one archive: " + names(target));
        Path archive = target.resolve(recorded);
        FileTime recordedAt = Files.getLastModifiedTime(archive);

        environment.put("BEDROCK_AUDITOR_JAVA_OPTS", archiveRequired);
        assertAudited(run(launcher, environment, "--regions", "eu-west-1", "--output", "json"));
        assertEquals(recordedAt, Files.getLastModifiedTime(archive), "used, not recorded again");

        // A new jar (a build) records again: an archive of another jar is never mapped.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(recordedAt.toMillis() + 2_000));
        environment.remove("BEDROCK_AUDITOR_JAVA_OPTS");
        assertAudited(run(launcher, environment, "--regions", "eu-west-1", "--output", "json"));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0,
                "recorded again after the jar changed");
        assertEquals(Set.of("bedrock-logging-auditor.jar", recorded), names(target));
        environment.put("BEDROCK_AUDITOR_JAVA_OPTS", archiveRequired);
        assertAudited(run(launcher, environment, "--regions", "eu-west-1", "--output", "json"));

        // Options the archive cannot serve get one of their own (the JVM would run without it, silently, as
        // -Xshare:on here would show); -Xshare:* is no part of the key, so with it a run still demands mapping.
        String otherLayout = "-XX:-UseCompressedOops";
        environment.put("BEDROCK_AUDITOR_JAVA_OPTS", otherLayout);
        assertAudited(run(launcher, environment, "--regions", "eu-west-1", "--output", "json"));
        Set<String> archives = names(target);
        assertEquals(3, archives.size(), "a second archive, for " + otherLayout + ": " + archives);
        environment.put("BEDROCK_AUDITOR_JAVA_OPTS", otherLayout + " " + archiveRequired);
        assertAudited(run(launcher, environment, "--regions", "eu-west-1", "--output", "json"));
        assertEquals(archives, names(target), "used, none recorded");
    }

    /** Exit 0, stdout exactly the report (nothing after it), stderr only the auditor's own lines. */
    private static void assertAudited(Exit run) throws IOException {
        assertEquals(0, run.code(), run.stdout() + run.stderr());
        JsonNode report = STRICT_JSON.readTree(run.stdout());
        assertEquals("[\"eu-west-1\"]", report.get("summary").get("regionsLogging").toString());
        for (String line : run.stderr().lines().toList()) {
            assertFalse(line.startsWith("[") || line.contains("Picked up") || line.contains("archive"),
                    "a JVM note on stderr: " + run.stderr());
        }
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Exit run(Path launcher, Map<String, String> environment, String... args) {
        return JavaProcess.runLauncher(launcher, List.of(args), environment, Duration.ofMinutes(2));
    }
}
