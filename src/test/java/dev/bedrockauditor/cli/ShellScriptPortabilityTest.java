package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripts a user runs (the launcher, the demo) run under macOS's /bin/bash 3.2 as well, which `env bash` finds
 * when no newer bash is installed. Before bash 4.4, {@code set -u} takes an empty array's {@code "${name[@]}"} for
 * an unset variable and stops the script, so an array that may be empty must expand guarded, as
 * {@code ${name[@]+"${name[@]}"}}. This bash (5) cannot show that failure, so the scripts' text is checked.
 */
class ShellScriptPortabilityTest {

    private static final Pattern EXPANSION = Pattern.compile("(\\$\\{(\\w+)\\[@]\\+)?\"\\$\\{(\\w+)\\[@]}\"");
    /** Arrays a script never leaves empty: the launcher's JVM command always starts with java. */
    private static final Set<String> NEVER_EMPTY = Set.of("jvm");

    @ParameterizedTest
    @ValueSource(strings = {"src/bin/bedrock-logging-auditor", "src/demo/local-audit.sh"})
    void everyArrayThatMayBeEmptyExpandsGuarded(String script) throws IOException {
        String text = Files.readString(Path.of(script));
        assertTrue(text.contains("set -euo pipefail"), script + " runs under set -u, which this test is about");
        String code = text.lines().filter(line -> !line.stripLeading().startsWith("#"))
                .collect(Collectors.joining("\n"));
        List<String> unguarded = new ArrayList<>();
        int expansions = 0;
        Matcher expansion = EXPANSION.matcher(code);
        while (expansion.find()) {
            expansions++;
            String name = expansion.group(3);
            boolean guarded = name.equals(expansion.group(2));
            if (!guarded && !NEVER_EMPTY.contains(name)) {
                unguarded.add(expansion.group());
            }
        }
        assertTrue(expansions > 0, "no array expansion found in " + script + ": is the pattern still right?");
        assertEquals(List.of(), unguarded, script + ": expand as ${name[@]+\"${name[@]}\"}");
    }
}
