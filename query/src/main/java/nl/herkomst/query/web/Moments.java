package nl.herkomst.query.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import nl.herkomst.api.RefusedException;

/** A moment given as a request parameter: an ISO-8601 instant, or {@code INVALID_MOMENT}. */
public final class Moments {

    private Moments() {
    }

    /** The instant, or null when the parameter is absent or blank. */
    public static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_MOMENT", name + " must be an ISO-8601 instant such as 2026-12-03T10:00:00Z");
        }
    }
}
