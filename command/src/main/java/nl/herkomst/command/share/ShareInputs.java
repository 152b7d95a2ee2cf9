package nl.herkomst.command.share;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.share.PatientDetails;
import nl.herkomst.api.share.ShareInput;

/**
 * What the person entered, checked before any Bundle is built: sizes, a PDF that is a PDF, measurements
 * of known types in plausible ranges at a moment that has been, a patient with a name. A failure is a 400
 * with a code; nothing is recorded, nothing is sent.
 */
public final class ShareInputs {

    public static final int MAX_MEASUREMENTS = 50;
    public static final int MAX_TEXT = 4000;
    private static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");

    private ShareInputs() {
    }

    public static void check(PatientDetails p, ShareInput input, long maxPdfBytes, Instant now) {
        if (p == null || blank(p.family())) {
            refuse("PATIENT_REQUIRED", "the patient's family name is needed (patient.family), from the request or the dossier");
        }
        text("patient.family", p.family(), 200);
        for (String g : p.given()) {
            text("patient.given", g, 100);
        }
        if (p.given().size() > 10) {
            refuse("INVALID_PATIENT", "at most 10 given names");
        }
        if (p.birthDate() != null) {
            try {
                LocalDate d = LocalDate.parse(p.birthDate());
                if (d.getYear() < 1880 || d.isAfter(LocalDate.ofInstant(now, ShareBundles.NL))) {
                    refuse("INVALID_BIRTH_DATE", "patient.birthDate lies outside 1880 to today");
                }
            } catch (DateTimeParseException e) {
                refuse("INVALID_BIRTH_DATE", "patient.birthDate must be a date: YYYY-MM-DD");
            }
        }
        if (p.gender() != null && !GENDERS.contains(p.gender())) {
            refuse("INVALID_GENDER", "patient.gender must be male, female, other or unknown");
        }
        text("patient.street", p.street(), 200);
        text("patient.houseNumber", p.houseNumber(), 20);
        text("patient.postalCode", p.postalCode(), 20);
        text("patient.city", p.city(), 100);
        if (input instanceof ShareInput.Document d) {
            document(d, maxPdfBytes);
        } else if (input instanceof ShareInput.Measurements m) {
            measurements(m, now);
        } else if (input instanceof ShareInput.Correction c) {
            correction(c);
        } else {
            refuse("INVALID_REQUEST", "nothing to share");
        }
    }

    private static void document(ShareInput.Document d, long maxPdfBytes) {
        if (d.pdf() == null || d.pdf().length == 0) {
            refuse("PDF_REQUIRED", "a document share needs a PDF (the file part, or fromDossier)");
        }
        if (d.pdf().length > maxPdfBytes) {
            refuse("PDF_TOO_LARGE", "the PDF is " + d.pdf().length + " bytes; at most " + maxPdfBytes + " are shared");
        }
        if (d.pdf().length < 5 || d.pdf()[0] != '%' || d.pdf()[1] != 'P' || d.pdf()[2] != 'D' || d.pdf()[3] != 'F' || d.pdf()[4] != '-') {
            refuse("NOT_A_PDF", "the file does not start with %PDF-: only PDF documents are shared");
        }
        if (blank(d.title())) {
            refuse("TITLE_REQUIRED", "a document needs a title");
        }
        text("title", d.title(), 200);
        text("description", d.description(), 1000);
        if (d.type() != null && !d.typeFromProvider()) {
            if (blank(d.type().system()) || blank(d.type().code()) || blank(d.type().display())) {
                refuse("INVALID_DOCUMENT_TYPE", "a document type needs its system, code and display (typeSystem, typeCode, typeDisplay), or none at all");
            }
            text("type.system", d.type().system(), 200);
            text("type.code", d.type().code(), 100);
            text("type.display", d.type().display(), 200);
        }
    }

    private static void measurements(ShareInput.Measurements m, Instant now) {
        if (m.measurements().isEmpty()) {
            refuse("MEASUREMENTS_REQUIRED", "a measurements share needs at least one measurement");
        }
        if (m.measurements().size() > MAX_MEASUREMENTS) {
            refuse("TOO_MANY_MEASUREMENTS", "at most " + MAX_MEASUREMENTS + " measurements per share");
        }
        int i = 0;
        for (ShareInput.Measurement x : m.measurements()) {
            String at = "measurements[" + i++ + "]";
            if (x == null) {
                refuse("INVALID_MEASUREMENT", at + " is empty");
            }
            MeasurementType type = MeasurementType.of(x.type()).orElseThrow(() -> new RefusedException(RefusedException.Kind.INVALID,
                    "UNKNOWN_MEASUREMENT_TYPE", at + ".type must be one of " + java.util.Arrays.stream(MeasurementType.values())
                    .map(MeasurementType::key).toList()));
            if (type == MeasurementType.BLOOD_PRESSURE && x.value() != null || type != MeasurementType.BLOOD_PRESSURE
                    && (x.systolic() != null || x.diastolic() != null)) {
                refuse("INVALID_MEASUREMENT", at + ": a blood pressure has systolic and diastolic, every other measurement a value");
            }
            if (type == MeasurementType.BLOOD_PRESSURE) {
                range(at + ".systolic", x.systolic(), type);
                range(at + ".diastolic", x.diastolic(), type);
                if (x.systolic().compareTo(x.diastolic()) <= 0) {
                    refuse("VALUE_OUT_OF_RANGE", at + ": the systolic pressure must be higher than the diastolic");
                }
            } else {
                range(at + ".value", x.value(), type);
            }
            if (blank(x.at())) {
                refuse("INVALID_MOMENT", at + ".at (when it was measured) is required, e.g. 2026-12-01T08:10:00+01:00");
            }
            // a FHIR dateTime as people give it: a moment with its offset, or only the day
            Instant moment = null;
            try {
                moment = x.at().length() == 10 ? LocalDate.parse(x.at()).atStartOfDay(ShareBundles.NL).toInstant()
                        : OffsetDateTime.parse(x.at()).toInstant();
            } catch (DateTimeParseException e) {
                refuse("INVALID_MOMENT", at + ".at must be a date and time with its offset (2026-12-01T08:10:00+01:00) or a date (2026-12-01)");
            }
            if (x.at().length() != 10) {
                int offset = OffsetDateTime.parse(x.at()).getOffset().getTotalSeconds();
                if (offset % 60 != 0 || Math.abs(offset) > 14 * 3600) {
                    refuse("INVALID_MOMENT", at + ".at has an offset FHIR cannot hold (whole minutes, at most ±14:00)");
                }
            }
            if (moment.isAfter(now.plusSeconds(300)) || moment.isBefore(Instant.parse("1900-01-01T00:00:00Z"))) {
                refuse("INVALID_MOMENT", at + ".at lies in the future or before 1900");
            }
        }
    }

    /**
     * A checked moment as a FHIR dateTime: a date stays a date; a date-time gets its seconds always written
     * ({@code 08:10+01:00} is valid ISO but not FHIR, which needs {@code 08:10:00+01:00}).
     */
    public static String fhirMoment(String at) {
        if (at.length() == 10) {
            return at;
        }
        OffsetDateTime t = OffsetDateTime.parse(at);
        String fraction = t.getNano() == 0 ? "" : "." + String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + fraction
                + t.format(java.time.format.DateTimeFormatter.ofPattern("XXX"));
    }

    private static void range(String field, BigDecimal value, MeasurementType type) {
        if (value == null) {
            refuse("VALUE_REQUIRED", field + " is required (in " + type.ucum() + ")");
        }
        if (value.compareTo(type.min()) < 0 || value.compareTo(type.max()) > 0) {
            refuse("VALUE_OUT_OF_RANGE", field + " must lie between " + type.min().toPlainString() + " and " + type.max().toPlainString() + " "
                    + type.ucum());
        }
        if (value.stripTrailingZeros().scale() > 3) {
            refuse("VALUE_OUT_OF_RANGE", field + " has more than 3 decimals");
        }
    }

    private static void correction(ShareInput.Correction c) {
        if (blank(c.text())) {
            refuse("TEXT_REQUIRED", "a correction request needs its text");
        }
        text("text", c.text(), MAX_TEXT);
        text("topic", c.topic(), 200);
    }

    /**
     * Characters a provider's screen would not show, yet that change what it shows: the bidirectional controls (which
     * can make a text read otherwise than it was written), zero-width space, word joiner and the invisible operators,
     * byte order mark, line and paragraph separators, the Hangul fillers, the interlinear annotation marks. The
     * zero-width joiners stay: emoji and some scripts need them.
     */
    private static final String INVISIBLE = "\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A\u202B\u202C\u202D\u202E"
            + "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u2028\u2029\u3164\uFEFF\uFFF9\uFFFA\uFFFB";

    private static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > max) {
            refuse("TEXT_TOO_LONG", field + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' || ch >= 0x7F && ch <= 0x9F || ch == 0xFFFE || ch == 0xFFFF) {
                refuse("INVALID_CHARACTER", field + " contains a control character");
            }
            if (INVISIBLE.indexOf(ch) >= 0) {
                refuse("INVALID_CHARACTER", field + " contains an invisible character that changes how the text reads (a direction mark, "
                        + "a zero-width space, a byte order mark or a line separator)");
            }
            if (Character.isHighSurrogate(ch) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                refuse("INVALID_CHARACTER", field + " contains half a character (an unpaired surrogate)");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void refuse(String code, String message) {
        throw new RefusedException(RefusedException.Kind.INVALID, code, message);
    }
}
