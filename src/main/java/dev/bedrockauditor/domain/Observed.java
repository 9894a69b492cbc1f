package dev.bedrockauditor.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** A fact read from AWS, or the reason it could not be read: a check never guesses what it could not see. */
public sealed interface Observed<T> {

    /** The fact as AWS reported it. */
    record Known<T>(T value) implements Observed<T> {
        public Known {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The fact could not be read; {@code reason} says why and what to grant or check. */
    record Unreadable<T>(String reason) implements Observed<T> {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why the fact could not be read; empty when it is known. */
    default Optional<String> unreadableReason() {
        return this instanceof Unreadable<T> unreadable ? Optional.of(unreadable.reason())
                : Optional.empty();
    }

    /** The known value; only call after {@link #unreadableReason()} came back empty. */
    default T knownValue() {
        if (this instanceof Known<T> known) {
            return known.value();
        }
        throw new IllegalStateException("the fact was not read: " + ((Unreadable<T>) this).reason());
    }

    /** The same observation with its value transformed; an unreadable fact stays unreadable. */
    default <U> Observed<U> map(Function<T, U> function) {
        if (this instanceof Known<T> known) {
            return new Known<>(function.apply(known.value()));
        }
        return new Unreadable<>(((Unreadable<T>) this).reason());
    }

    static <T> Observed<T> known(T value) {
        return new Known<>(value);
    }

    static <T> Observed<T> unreadable(String reason) {
        return new Unreadable<>(reason);
    }
}
