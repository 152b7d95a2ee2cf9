package nl.herkomst.command.fhir;

import java.nio.charset.StandardCharsets;

/**
 * Turns a configured query ({@code Observation/$lastn?code=http://loinc.org|85354-9}) into a URL part,
 * percent-encoding only what RFC 3986 does not allow in a path or query ({@code |}, spaces, non-ASCII),
 * so the provider receives the query exactly as the gegevensdienst defines it.
 */
public final class QueryEncoding {
    private static final String PATH_SAFE = "-._~!$'()*+,;=:@/";
    private static final String QUERY_SAFE = "-._~!$'()*,;:@/?&=";

    private QueryEncoding() {
    }

    public static String encode(String query) {
        int q = query.indexOf('?');
        String path = q < 0 ? query : query.substring(0, q);
        StringBuilder sb = new StringBuilder();
        append(sb, path, PATH_SAFE);
        if (q >= 0) {
            sb.append('?');
            append(sb, query.substring(q + 1), QUERY_SAFE);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String s, String safe) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || safe.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else if (c == '%') {
                sb.append("%25");
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }
}
