package dev.bedrockauditor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.changes.WatchedCalls;
import dev.bedrockauditor.config.Setting;
import dev.bedrockauditor.controls.LoggingEnabledCheck;
import dev.bedrockauditor.controls.MemberAccountsCheck;
import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md is the user's contract: what it states about controls, output and options must be what the code does. */
class ReadmeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    /** The lines of one section, from its heading to the next heading of the same or a higher level. */
    private static List<String> section(String readme, String heading) {
        List<String> lines = readme.lines().toList();
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "README has no heading '" + heading + "'");
        int level = heading.indexOf(' ');
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#") && line.indexOf(' ') <= level && line.indexOf(' ') > 0
                    && line.substring(0, line.indexOf(' ')).chars().allMatch(c -> c == '#')) {
                break;
            }
            body.add(line);
        }
        return body;
    }

    @Test
    void auditsOnChangeListsExactlyTheWatchedCalls() throws IOException {
        // "- `s3`: DeleteBucket, PutBucketPolicy," with its continuation lines, one entry per service.
        Map<String, Set<String>> documented = new TreeMap<>();
        String service = null;
        for (String line : section(readme(), "## Audits on change: minutes, not a day")) {
            Matcher bullet = Pattern.compile("^- `([a-z0-9]+)`: (.*)$").matcher(line);
            if (bullet.matches()) {
                service = bullet.group(1);
                documented.put(service, new TreeSet<>());
                line = bullet.group(2);
            } else if (service == null || !line.startsWith("  ")) {
                service = null;
                continue;
            }
            for (String call : line.trim().split(",\\s*")) {
                if (!call.isBlank()) {
                    documented.get(service).add(call.trim());
                }
            }
        }
        List<String> described = documented.entrySet().stream()
                .map(entry -> entry.getKey() + " " + String.join(", ", entry.getValue())).toList();
        assertEquals(WatchedCalls.describe(), described, "README's list under 'The calls.' is what the rule takes");
    }

    @Test
    void theComplianceTableListsExactlyWhatEachControlsFindingsCarry() throws IOException {
        Map<String, List<String>> documented = new LinkedHashMap<>();
        for (String line : section(readme(), "### Compliance mapping")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                documented.put(cells[1].trim().replace("`", ""), Arrays.stream(cells[2].split(";"))
                        .map(String::trim).toList());
            }
        }

        Map<String, List<String>> actual = new LinkedHashMap<>();
        // Every control the product has, the change-detection control included (it runs where a rule is named).
        DetectionReports.CONTROLS.checks().forEach(check -> {
            ControlMetadata control = check.control();
            actual.put(control.id(), control.relatedRequirements());
        });
        // And the organization mode's own control, which is not a check of a region.
        ControlMetadata accounts = new MemberAccountsCheck().control();
        actual.put(accounts.id(), accounts.relatedRequirements());
        assertEquals(actual, documented);
    }

    @Test
    void theJsonExampleIsOneRealReportThatAddsUp() throws IOException {
        List<String> output = section(readme(), "## Output");
        int start = output.indexOf("```json");
        JsonNode report = JSON.readTree(String.join("\n", output.subList(start + 1, output.indexOf("```"))));
        JsonNode summary = report.get("summary");
        JsonNode findings = report.get("findings");

        Set<String> regions = new TreeSet<>();
        report.get("regions").forEach(region -> regions.add(region.asText()));
        assertEquals(regions.size(), summary.get("regions").asInt());
        List<String> everyControl = Reports.CONTROLS.checks().stream().map(check -> check.control().id()).toList();
        Map<String, List<String>> controlsByRegion = new LinkedHashMap<>();
        for (JsonNode finding : findings) {
            controlsByRegion.computeIfAbsent(finding.get("region").asText(), r -> new ArrayList<>())
                    .add(finding.get("controlId").asText());
        }
        assertEquals(regions, controlsByRegion.keySet(), "every region has findings");
        controlsByRegion.forEach((region, controls) -> {
            if (controls.size() == 1) {
                // Logging is off: the enabled control alone, FAILED; the others do not apply.
                assertEquals(List.of(LoggingEnabledCheck.ID), controls, region);
                JsonNode only = findingOf(findings, region);
                assertEquals("FAILED", only.get("status").asText(), region);
                assertTrue(only.get("detail").asText().startsWith("Logging is off"), region);
            } else {
                assertEquals(everyControl, controls, "one finding per control, in the controls' order: " + region);
                assertFalse(findingOf(findings, region).get("detail").asText().startsWith("Logging is off"),
                        "where logging is off the other controls have no finding: " + region);
            }
        });
        int counted = 0;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) summary.get("findingsByStatus")::fields) {
            long withStatus = 0;
            for (JsonNode finding : findings) {
                withStatus += finding.get("status").asText().equals(entry.getKey()) ? 1 : 0;
            }
            assertEquals(withStatus, entry.getValue().asLong(), entry.getKey());
            counted += entry.getValue().asInt();
        }
        assertEquals(findings.size(), counted);
        Set<String> listed = new TreeSet<>();
        int inLists = 0;
        for (String list : List.of("regionsLogging", "regionsNotLogging", "regionsNotChecked")) {
            for (JsonNode region : summary.get(list)) {
                listed.add(region.asText());
                inLists++;
            }
        }
        assertEquals(regions, listed, "every region in exactly one of the three lists");
        assertEquals(regions.size(), inLists);
        Set<String> failing = new TreeSet<>();
        for (JsonNode finding : findings) {
            assertTrue(regions.contains(finding.get("region").asText()));
            boolean failed = finding.get("status").asText().equals("FAILED");
            if (failed) {
                failing.add(finding.get("region").asText());
            }
            assertEquals(failed, finding.get("fixes").size() > 0, "fixes exactly on FAILED findings: " + finding);
        }
        Set<String> withFailures = new TreeSet<>();
        summary.get("regionsWithFailures").forEach(region -> withFailures.add(region.asText()));
        assertEquals(failing, withFailures);
    }

    /**
     * AWS now calls the product that takes ASFF findings AWS Security Hub CSPM and gave the name Security Hub
     * to another one: the README must say where findings really land. The one sentence that explains the
     * renaming may use the old name.
     */
    @Test
    void findingsAreSaidToLandInSecurityHubCspm() throws IOException {
        String readme = readme();
        assertTrue(readme.contains("**Findings land in AWS Security Hub CSPM**"), "README says where findings land");
        String renaming = "the service that was called AWS Security Hub until AWS gave";
        assertTrue(readme.contains(renaming));
        String text = readme.replace(renaming, "");
        Matcher bare = Pattern.compile("(?i)security hub(?! cspm)").matcher(text);
        assertFalse(bare.find(), () -> "names Security Hub without CSPM: ..."
                + text.substring(Math.max(0, bare.start() - 60), Math.min(text.length(), bare.end() + 60)) + "...");
    }

    private static JsonNode findingOf(JsonNode findings, String region) {
        for (JsonNode finding : findings) {
            if (finding.get("region").asText().equals(region)) {
                return finding;
            }
        }
        throw new AssertionError("no finding of " + region);
    }

    @Test
    void theOptionsTableNamesEverySettingAndFlagTheCommandTakes() throws IOException {
        List<String> table = section(readme(), "## Options and environment variables").stream()
                .filter(line -> line.startsWith("| `--")).toList();
        Set<String> flags = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        for (String row : table) {
            String[] cells = row.split("(?<!\\\\)\\|");
            flags.add(cells[1].trim().replace("`", "").split(" ")[0]);
            String variable = cells[2].trim().replace("`", "");
            if (!variable.isEmpty()) {
                variables.add(variable);
            }
        }
        Set<String> settingFlags = new TreeSet<>();
        Set<String> settingVariables = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            settingFlags.add(setting.flag());
            settingVariables.add(setting.environmentVariable());
        }
        assertEquals(settingVariables, variables);
        assertTrue(flags.containsAll(settingFlags), "missing: " + settingFlags);
        Set<String> switches = new TreeSet<>(flags);
        switches.removeAll(settingFlags);
        assertEquals(Set.of("--publish", "--archive-other-regions", "--output", "--help"), switches);
        assertFalse(readme().contains("--cli-binary-format"), "AWS CLI v1 rejects it; the README promises v1 or v2");
    }
}
