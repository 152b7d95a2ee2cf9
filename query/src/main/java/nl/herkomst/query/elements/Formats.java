package nl.herkomst.query.elements;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How values are written for people: dates at their own precision, codings with their code and system, quantities with their unit. */
final class Formats {

    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    private Formats() {
    }

    static String primitive(String datatype, String raw) {
        if (raw == null) {
            return null;
        }
        switch (datatype) {
            case "date", "dateTime", "instant" -> {
                return date(raw);
            }
            case "boolean" -> {
                return "true".equals(raw) ? "ja / yes" : "false".equals(raw) ? "nee / no" : raw;
            }
            case "xhtml" -> {
                return raw.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim();
            }
            default -> {
                return raw;
            }
        }
    }

    /** "2009" → "2009", "2009-03" → "03-2009", "2019-11-02" → "02-11-2019", with time "02-11-2019 09:30 (+02:00)". */
    static String date(String raw) {
        Matcher m = DATE_TIME.matcher(raw);
        if (!m.matches()) {
            return raw;
        }
        StringBuilder sb = new StringBuilder();
        if (m.group(3) != null) {
            sb.append(m.group(3)).append('-');
        }
        if (m.group(2) != null) {
            sb.append(m.group(2)).append('-');
        }
        sb.append(m.group(1));
        if (m.group(4) != null) {
            sb.append(' ').append(m.group(4)).append(':').append(m.group(5));
            if (m.group(6) != null && !"00".equals(m.group(6))) {
                sb.append(':').append(m.group(6));
            }
            if (m.group(8) != null) {
                sb.append(" (").append("Z".equals(m.group(8)) ? "UTC" : m.group(8)).append(')');
            }
        }
        return sb.toString();
    }

    static String coding(String display, String code, String system) {
        String codeAndSystem = (code == null ? "" : code) + (system == null ? "" : (code == null ? "" : ", ") + system);
        if (display != null) {
            return codeAndSystem.isEmpty() ? display : display + " (" + codeAndSystem + ")";
        }
        return codeAndSystem;
    }

    static String quantity(String comparator, String value, String unit, String code) {
        StringBuilder sb = new StringBuilder();
        if (comparator != null) {
            sb.append(comparator).append(' ');
        }
        if (value != null) {
            sb.append(value);
        }
        String u = unit != null ? unit : code;
        if (u != null) {
            sb.append(' ').append(u);
        }
        return sb.toString().trim();
    }

    static String reference(String display, String reference, String resolved) {
        String shown = display != null ? display : resolved;
        if (shown != null) {
            return reference == null ? shown : shown + " (" + reference + ")";
        }
        return reference;
    }
}
