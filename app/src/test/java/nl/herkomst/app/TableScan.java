package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every column of every table of the application's schemas, as text (bytes read as UTF-8), searched for needles. */
final class TableScan {

    private TableScan() {
    }

    /** needle → the first table it was found in. */
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
                    if (text.contains(needle)) {
                        found.putIfAbsent(needle, table);
                    }
                }
            });
        }
        return found;
    }
}
