package dev.bedrockauditor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The help a user reads agrees with what the command does with the value. */
class SettingTest {

    private static final Pattern RANGE = Pattern.compile("(\\S+) to (\\S+) \\(default (\\S+)\\)");

    @ParameterizedTest
    @EnumSource(names = {"MAX_CONCURRENCY", "ATTEMPT_TIMEOUT", "CALL_TIMEOUT", "MIN_LOG_RETENTION_DAYS"})
    void theHelpStatesTheBoundsAndTheDefaultThatParsingApplies(Setting setting) {
        Matcher help = RANGE.matcher(setting.help());
        assertTrue(help.find(), setting.help());
        BigDecimal min = new BigDecimal(help.group(1));
        BigDecimal max = new BigDecimal(help.group(2));
        String defaultValue = help.group(3);
        // Seconds are read to the millisecond, the other numbers are whole.
        BigDecimal step = setting.valueName().equals("SECONDS") ? new BigDecimal("0.001") : BigDecimal.ONE;

        assertEquals(AuditSettings.defaults(), resolve(setting, defaultValue),
                "giving the default the help states changes nothing");
        assertWithinBounds(setting, min);
        assertWithinBounds(setting, max);
        String range = "from " + help.group(1) + " to " + help.group(2);
        for (BigDecimal outside : new BigDecimal[] {min.subtract(step), max.add(step)}) {
            ConfigurationException error = assertThrows(ConfigurationException.class,
                    () -> resolve(setting, outside.toPlainString()), outside::toPlainString);
            assertTrue(error.getMessage().startsWith(setting.flag() + " is '" + outside.toPlainString() + "'"),
                    error.getMessage());
            assertTrue(error.getMessage().contains(range), error.getMessage());
        }
    }

    @Test
    void theAlertHelpMarksTheRealDefaultAndListsEveryChoice() {
        String help = Setting.ALERT_ON.help();

        assertTrue(help.contains(AuditSettings.defaults().alertOn() + " (default)"), help);
        for (AlertOn mode : AlertOn.values()) {
            assertEquals(mode, resolve(Setting.ALERT_ON, mode.name().toLowerCase()).alertOn());
            assertTrue(help.contains(mode.name()), help);
        }
    }

    private static AuditSettings resolve(Setting setting, String value) {
        return AuditSettings.resolve(Map.of(setting, value), Map.of());
    }

    /** Accepted by its own bounds; the call timeout may still be refused for being below the attempt timeout. */
    private static void assertWithinBounds(Setting setting, BigDecimal value) {
        try {
            resolve(setting, value.toPlainString());
        } catch (ConfigurationException e) {
            assertFalse(e.getMessage().startsWith(setting.flag() + " is '"), e.getMessage());
        }
    }
}
