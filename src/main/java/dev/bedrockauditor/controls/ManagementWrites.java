package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.EventSelectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a trail's event selectors log management write events, the ones that record a change (turning logging
 * off, deleting a bucket, disabling a key): CloudTrail hands EventBridge only the management events a trail logs.
 * The rules are CloudTrail's (API reference, EventSelector and AdvancedFieldSelector): an event is logged when any
 * selector matches it; a basic selector logs management events unless IncludeManagementEvents is false, writes
 * when ReadWriteType is All or WriteOnly; an advanced selector logs management events when eventCategory equals
 * Management, writes unless readOnly says true only.
 */
sealed interface ManagementWrites {

    /** Bedrock's own event source, which a selector must not leave out. */
    String BEDROCK = "bedrock.amazonaws.com";

    /**
     * Write management events are logged.
     *
     * @param excludedSources event sources whose management events no logging selector takes (CloudTrail lets
     *     trails leave out kms.amazonaws.com and rdsdata.amazonaws.com)
     */
    record Logged(Set<String> excludedSources) implements ManagementWrites {
        public Logged {
            excludedSources = Set.copyOf(excludedSources);
        }
    }

    /** @param why what the trail logs instead, for the finding's detail */
    record NotLogged(String why) implements ManagementWrites {}

    static ManagementWrites of(EventSelectors selectors) {
        if (selectors.basic().isEmpty() && selectors.advanced().isEmpty()) {
            // CloudTrail's documented default: a trail without selectors logs every management event.
            return new Logged(Set.of());
        }
        List<Set<String>> logging = new ArrayList<>();
        boolean readsOnly = false;
        boolean bedrockLeftOut = false;
        boolean dataEvents = false;
        for (EventSelectors.Basic basic : selectors.basic()) {
            dataEvents |= basic.dataResources() > 0;
            if (!basic.includeManagementEvents().orElse(true)) {
                continue;
            }
            String readWrite = basic.readWriteType().orElse("All");
            if (readWrite.equals("All") || readWrite.equals("WriteOnly")) {
                if (basic.excludedManagementEventSources().contains(BEDROCK)) {
                    bedrockLeftOut = true;
                } else {
                    logging.add(new LinkedHashSet<>(basic.excludedManagementEventSources()));
                }
            } else {
                readsOnly = true;
            }
        }
        for (EventSelectors.Advanced advanced : selectors.advanced()) {
            if (!field(advanced, "eventCategory").map(f -> f.equalsValues().contains("Management")).orElse(false)) {
                dataEvents = true;
                continue;
            }
            if (!logsWrites(field(advanced, "readOnly"))) {
                readsOnly = true;
                continue;
            }
            Optional<EventSelectors.Field> source = field(advanced, "eventSource");
            if (source.isPresent() && !takes(source.get(), BEDROCK)) {
                bedrockLeftOut = true;
                continue;
            }
            logging.add(new LinkedHashSet<>(source.map(EventSelectors.Field::notEquals).orElse(List.of())));
        }
        if (!logging.isEmpty()) {
            // A source is left out only if every selector that logs writes leaves it out.
            Set<String> excluded = new LinkedHashSet<>(logging.get(0));
            logging.forEach(excluded::retainAll);
            return new Logged(excluded);
        }
        if (readsOnly) {
            return new NotLogged("logs only read-only management events");
        }
        if (bedrockLeftOut) {
            return new NotLogged("leaves out Bedrock's management events (" + BEDROCK + ")");
        }
        return new NotLogged(dataEvents ? "logs data events only, no management events" : "logs no management events");
    }

    private static Optional<EventSelectors.Field> field(EventSelectors.Advanced selector, String name) {
        return selector.fields().stream().filter(field -> field.field().equals(name)).findFirst();
    }

    /** readOnly absent logs both; Equals true (or NotEquals false) logs reads only. */
    private static boolean logsWrites(Optional<EventSelectors.Field> readOnly) {
        if (readOnly.isEmpty()) {
            return true;
        }
        EventSelectors.Field field = readOnly.get();
        boolean equalsAllowsWrites = field.equalsValues().isEmpty() || field.equalsValues().contains("false");
        return equalsAllowsWrites && !field.notEquals().contains("false");
    }

    /** Whether an eventSource condition lets events of the source through. */
    private static boolean takes(EventSelectors.Field source, String eventSource) {
        boolean equalsTakes = source.equalsValues().isEmpty() || source.equalsValues().contains(eventSource);
        boolean startsTakes = source.startsWith().isEmpty()
                || source.startsWith().stream().anyMatch(eventSource::startsWith);
        boolean endsTakes = source.endsWith().isEmpty() || source.endsWith().stream().anyMatch(eventSource::endsWith);
        return equalsTakes && startsTakes && endsTakes && !source.notEquals().contains(eventSource)
                && source.notStartsWith().stream().noneMatch(eventSource::startsWith)
                && source.notEndsWith().stream().noneMatch(eventSource::endsWith);
    }
}
