package nl.herkomst.command.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the date placeholders of a configured query ({@code ${DATE, T, D, -14}}: 14 days before T) with
 * T = the day the collection was requested, in the Netherlands. Unknown placeholders are refused, so a
 * query never goes out half-filled.
 */
public final class QueryTemplates {

    private static final Pattern DATE = Pattern.compile("\\$\\{DATE,\\s*T,\\s*([YMD]),\\s*([+-]?)\\s*(\\d+)\\s*}");
    private static final ZoneId NL = ZoneId.of("Europe/Amsterdam");

    private QueryTemplates() {
    }

    public static String fill(String query, Instant collectionTime) {
        LocalDate t = collectionTime.atZone(NL).toLocalDate();
        Matcher m = DATE.matcher(query);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long n = Long.parseLong(m.group(3)) * ("-".equals(m.group(2)) ? -1 : 1);
            LocalDate d = switch (m.group(1)) {
                case "Y" -> t.plusYears(n);
                case "M" -> t.plusMonths(n);
                default -> t.plusDays(n);
            };
            m.appendReplacement(sb, d.toString());
        }
        m.appendTail(sb);
        if (sb.indexOf("${") >= 0) {
            throw new IllegalArgumentException("unknown placeholder in query: " + query);
        }
        return sb.toString();
    }
}
