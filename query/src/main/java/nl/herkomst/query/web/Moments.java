package nl.herkomst.query.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import nl.herkomst.api.RefusedException;

/** A moment given as a request parameter: an ISO-8601 instant in the years 1 to 9999, or {@code INVALID_MOMENT}. */
public final class Moments {

    private Moments() {
    }

    /** The instant, or null when the parameter is absent or blank. */
    public static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant i = Instant.parse(value.trim());
            if (i.isBefore(Instant.parse("0001-01-01T00:00:00Z")) || i.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return i;
        } catch (DateTimeParseException e) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_MOMENT", name + " must be an ISO-8601 instant such as 2026-12-03T10:00:00Z");
        }
    }
}
