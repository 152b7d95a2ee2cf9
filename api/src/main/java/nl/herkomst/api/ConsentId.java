package nl.herkomst.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one long-term consent: one person, one provider, one gegevensdienst, one refresh token (MedMij 2.x). */
public record ConsentId(@JsonValue String value) {

    public ConsentId {
        Objects.requireNonNull(value, "consent id");
        try {
            value = UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("consent id must be a UUID");
        }
    }

    public static ConsentId random() {
        return new ConsentId(UUID.randomUUID().toString());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ConsentId of(String value) {
        return new ConsentId(value);
    }

    /** Axon uses toString() as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
