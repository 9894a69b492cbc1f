package dev.bedrockauditor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * src/bench/SdkFloor.java is compiled by src/bench/latency.sh only, against the auditor's clients, threads and
 * region catalog: a change to those would otherwise break the benchmark unnoticed until someone runs it.
 */
class SdkFloorSourceTest {

    @Test
    void compilesWithoutWarningsAgainstTheAuditorsClasses() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createTempDirectory("sdk-floor");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        try {
            int status = javac.run(null, diagnostics, diagnostics, "--release", "17", "-Xlint:all,-path", "-Werror",
                    "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), "src/bench/SdkFloor.java");

            assertEquals(0, status, diagnostics.toString());
            assertTrue(Files.exists(classes.resolve("SdkFloor.class")), "latency.sh runs the class SdkFloor");
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
