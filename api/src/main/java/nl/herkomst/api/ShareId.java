package nl.herkomst.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one share (Delen): one person, one provider, one gegevensdienst, one Bundle. */
public record ShareId(@JsonValue String value) {

    public ShareId {
        Objects.requireNonNull(value, "share id");
        try {
            value = UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("share id must be a UUID");
        }
    }

    public static ShareId random() {
        return new ShareId(UUID.randomUUID().toString());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ShareId of(String value) {
        return new ShareId(value);
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
