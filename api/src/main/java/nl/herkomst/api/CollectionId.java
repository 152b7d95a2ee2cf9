package nl.herkomst.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one collection run: one person, one provider, one gegevensdienst. */
public record CollectionId(@JsonValue String value) {

    public CollectionId {
        Objects.requireNonNull(value, "collection id");
        try {
            value = UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("collection id must be a UUID");
        }
    }

    public static CollectionId random() {
        return new CollectionId(UUID.randomUUID().toString());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CollectionId of(String value) {
        return new CollectionId(value);
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
