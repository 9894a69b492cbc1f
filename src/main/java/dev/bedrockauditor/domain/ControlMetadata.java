package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;

/**
 * What a control says, kept as data apart from the check's logic: loaded from
 * {@code controls/<id>.json} on the classpath.
 *
 * @param label a short column heading for tables, e.g. {@code LOGGING}
 * @param severity the severity of a FAILED (or, for this control's own reasons, NOT_AVAILABLE) finding
 * @param relatedRequirements compliance framework requirements this control supports evidence for
 */
public record ControlMetadata(
        String id,
        String label,
        String title,
        Severity severity,
        String description,
        String remediationText,
        String remediationUrl,
        List<String> relatedRequirements) {

    public ControlMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(remediationText, "remediationText");
        Objects.requireNonNull(remediationUrl, "remediationUrl");
        relatedRequirements = List.copyOf(relatedRequirements);
    }
}
