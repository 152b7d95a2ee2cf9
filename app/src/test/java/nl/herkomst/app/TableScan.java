package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every column of every table of the application's schemas, as text (bytes read as UTF-8), searched for needles.
 *
 * <p>A needle found inside a random token is not a trace: a six-character hex id (a FHIR contained resource's
 * {@code "d56e75"}) turns up by chance in about one of twelve runs somewhere in the event store's UUIDs and SHA-256
 * hashes, and any short value may turn up in the base64url of a sealed value. Such a hit is passed over when the
 * whole run of letters, digits, {@code -} and {@code _} around it is a UUID, a hex string of 32 characters or more,
 * the key id or ciphertext of a {@code sealed:v1:<key id>:} value or a {@code vault:} reference, and longer than the
 * needle itself.
 */
final class TableScan {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,}");
    private static final Pattern RANDOM_PREFIX = Pattern.compile("(sealed:v1:([A-Za-z0-9_-]+:)?|vault:)$");

    private TableScan() {
    }

    /** needle → the first table it was found in, with the text around it. */
    static Map<String, String> find(JdbcTemplate jdbc, Set<String> needles) {
        Map<String, String> found = new TreeMap<>();
        List<String> tables = jdbc.queryForList("""
                select table_schema || '.' || table_name from information_schema.tables
                where table_schema in ('public', 'access_log') and table_type = 'BASE TABLE' order by 1""", String.class);
        assertThat(tables).contains("public.domain_event_entry", "public.response_body", "public.dossier_resource", "access_log.entry",
                "public.person_key", "public.vault_secret", "public.token_entry", "public.authorization_state", "public.share_status",
                "public.consent_status");
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(200);
        for (String table : tables) {
            streaming.query("select * from " + table, rs -> {
                int n = rs.getMetaData().getColumnCount();
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.append(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v)).append(' ');
                }
                String text = row.toString();
                for (String needle : needles) {
                    if (!found.containsKey(needle)) {
                        int at = trace(text, needle);
                        if (at >= 0) {
                            found.put(needle, table + ": …" + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + needle.length() + 60)) + "…");
                        }
                    }
                }
            });
        }
        return found;
    }

    /** Where {@code needle} is in {@code text} other than by chance inside a random token, or -1. */
    static int trace(String text, String needle) {
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            if (!byChance(text, at, needle.length())) {
                return at;
            }
        }
        return -1;
    }

    static boolean byChance(String text, int at, int length) {
        int start = at;
        while (start > 0 && token(text.charAt(start - 1))) {
            start--;
        }
        int end = at + length;
        while (end < text.length() && token(text.charAt(end))) {
            end++;
        }
        if (end - start == length) {
            return false; // the needle is the whole token: a value of its own
        }
        String run = text.substring(start, end);
        return UUID.matcher(run).matches() || HEX.matcher(run).matches() || RANDOM_PREFIX.matcher(text.substring(Math.max(0, start - 80), start)).find();
    }

    private static boolean token(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
