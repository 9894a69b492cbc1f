package dev.bedrockauditor.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trail's event selectors as GetEventSelectors reports them: either basic or advanced ones (CloudTrail takes one
 * kind per trail). What they mean for change detection is the check's to judge, not the reader's.
 */
public record EventSelectors(List<Basic> basic, List<Advanced> advanced) {

    public EventSelectors {
        basic = List.copyOf(basic);
        advanced = List.copyOf(advanced);
    }

    /**
     * A basic event selector.
     *
     * @param readWriteType {@code All}, {@code ReadOnly} or {@code WriteOnly}; empty when CloudTrail leaves it out
     *     (its documented default is {@code All})
     * @param includeManagementEvents empty when CloudTrail leaves it out (its documented default is true)
     * @param excludedManagementEventSources event sources whose management events the trail does not log
     * @param dataResources how many data resource types it selects (data events, which do not count here)
     */
    public record Basic(Optional<String> readWriteType, Optional<Boolean> includeManagementEvents,
            List<String> excludedManagementEventSources, int dataResources) {
        public Basic {
            Objects.requireNonNull(readWriteType, "readWriteType");
            Objects.requireNonNull(includeManagementEvents, "includeManagementEvents");
            excludedManagementEventSources = List.copyOf(excludedManagementEventSources);
        }
    }

    /** An advanced event selector: every field condition must match for an event to be logged. */
    public record Advanced(String name, List<Field> fields) {
        public Advanced {
            Objects.requireNonNull(name, "name");
            fields = List.copyOf(fields);
        }
    }

    /** One field condition of an advanced selector, with the values of each operator it uses. */
    public record Field(String field, List<String> equalsValues, List<String> notEquals, List<String> startsWith,
            List<String> notStartsWith, List<String> endsWith, List<String> notEndsWith) {
        public Field {
            Objects.requireNonNull(field, "field");
            equalsValues = List.copyOf(equalsValues);
            notEquals = List.copyOf(notEquals);
            startsWith = List.copyOf(startsWith);
            notStartsWith = List.copyOf(notStartsWith);
            endsWith = List.copyOf(endsWith);
            notEndsWith = List.copyOf(notEndsWith);
        }

        /** A condition with the Equals and NotEquals operators only, as trails use them for management events. */
        public static Field of(String field, List<String> equalsValues, List<String> notEquals) {
            return new Field(field, equalsValues, notEquals, List.of(), List.of(), List.of(), List.of());
        }
    }
}
