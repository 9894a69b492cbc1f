package dev.bedrockauditor.testing;

import dev.bedrockauditor.engine.AuditLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An {@link AuditLog} that keeps the warnings, for tests that check what a run warned about. */
public final class RecordingLog implements AuditLog {

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
