package nl.herkomst.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The PGO's own identifier of a person. Never a BSN: the PGO does not process BSNs, so an identifier
 * that looks like one (nine digits) is refused.
 */
public record PersonId(@JsonValue String value) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NINE_DIGITS = Pattern.compile("\\d{9}");

    public PersonId {
        Objects.requireNonNull(value, "person id");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("person id must be a letter or digit, then up to 63 of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        if (NINE_DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("person id must not look like a BSN (nine digits)");
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PersonId of(String value) {
        return new PersonId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
