package nl.herkomst.command.lists;

import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import nl.herkomst.api.event.ListDownloadRejected;
import nl.herkomst.api.event.ListVersionAccepted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The accepted versions of every list and the last rejected download of each, from the events: the
 * directory as it stood at any moment is the version with the latest {@code fetched_at} up to then, read
 * again from the content store. Idempotent, so a replay rebuilds the same tables.
 */
@ProcessingGroup(ListVersionProjection.PROCESSING_GROUP)
public class ListVersionProjection {

    public static final String PROCESSING_GROUP = "medmij-lists";

    private final JdbcTemplate jdbc;

    public ListVersionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ListVersionAccepted e) {
        jdbc.update("""
                insert into medmij_list_version (list, volgnummer, release, tijdstempel, sha256, size, counts, source, fetched_at)
                values (?, cast(? as numeric), ?, ?, ?, ?, ?, ?, ?) on conflict (list, volgnummer) do nothing""",
                e.list(), e.volgnummer(), e.release(), e.tijdstempel(), e.sha256(), e.size(), counts(e.counts()), e.source(),
                Timestamp.from(e.fetchedAt()));
    }

    @EventHandler
    void on(ListDownloadRejected e) {
        jdbc.update("""
                insert into medmij_list_rejection (list, code, reasons, source, sha256, http_status, volgnummer, fetched_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (list) do update set code = excluded.code, reasons = excluded.reasons, source = excluded.source,
                  sha256 = excluded.sha256, http_status = excluded.http_status, volgnummer = excluded.volgnummer, fetched_at = excluded.fetched_at
                where medmij_list_rejection.fetched_at <= excluded.fetched_at""",
                e.list(), e.code(), String.join("\n", e.reasons()), e.source(), e.sha256(), e.httpStatus(),
                e.volgnummer() == null || e.volgnummer().length() > 64 ? null : e.volgnummer(), Timestamp.from(e.fetchedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from medmij_list_version");
        jdbc.update("delete from medmij_list_rejection");
    }

    /** The counts as {@code name=n,…}, in name order. */
    static String counts(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
