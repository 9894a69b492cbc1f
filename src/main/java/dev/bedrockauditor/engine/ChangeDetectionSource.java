package dev.bedrockauditor.engine;

import dev.bedrockauditor.domain.ChangeDetectionEvidence;

/**
 * Reads what decides whether a region's logging changes are detected within minutes: its trails and the
 * configured EventBridge rule. Never throws: a fact that cannot be read is
 * {@link dev.bedrockauditor.domain.Observed.Unreadable} with its reason.
 */
public interface ChangeDetectionSource {

    /** The rule looked for in every region. */
    String ruleName();

    ChangeDetectionEvidence read(String region);
}
