package nl.herkomst.query.projection;

import java.sql.Timestamp;
import java.util.List;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.ResourceReceived;
import nl.herkomst.api.event.ResponseReceived;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every resource in a person's dossier, as received, with its provenance. The content comes from the
 * stored response the event points to; the row is keyed by (collection, response, entry) so redelivery
 * and replay are harmless.
 */
@ProcessingGroup(DossierProjection.PROCESSING_GROUP)
public class DossierProjection {

    public static final String PROCESSING_GROUP = "dossier";

    private final JdbcTemplate jdbc;
    /** The last response read: the entries of one page arrive one after another. */
    private String cachedSha;
    private List<String> cachedEntries;

    public DossierProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CollectionRequested e) {
        if (e.personId() == null) {
            return; // the person was erased: their key is gone, and so is everything of theirs
        }
        jdbc.update("""
                insert into dossier_source (collection_id, person_id, provider, provider_display_name, gegevensdienst,
                  gegevensdienst_name, gegevensdienst_version, systeemrol, fhir_version, resource_endpoint, correlation_id, list_version,
                  whitelist_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (collection_id) do nothing""",
                e.collectionId().value(), e.personId().value(), e.provider(), e.providerDisplayName(), e.gegevensdienst(),
                e.gegevensdienstName(), e.gegevensdienstVersion(), e.systeemrol(), e.fhirVersion(), e.resourceEndpoint(),
                e.correlationId(), e.listVersion(), e.whitelistVersion());
    }

    @EventHandler
    void on(ResponseReceived e) {
        jdbc.update("""
                insert into dossier_response (collection_id, query, page, response_sha256, url, http_status, request_id, received_at)
                select ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from dossier_source where collection_id = ?)
                on conflict do nothing""",
                e.collectionId().value(), e.query(), e.page(), e.responseSha256(), e.url(), e.httpStatus(), e.requestId(),
                Timestamp.from(e.receivedAt()), e.collectionId().value()); // nothing for a collection of an erased person
    }

    @EventHandler
    synchronized void on(ResourceReceived e) {
        if (e.personId() == null) {
            return; // the person was erased: their key is gone, and so is everything of theirs
        }
        List<String> entries = entries(e.responseSha256(), e.fhirVersion());
        if (entries == null) {
            Integer source = jdbc.queryForObject("select count(*) from dossier_source where collection_id = ?", Integer.class,
                    e.collectionId().value());
            if (source == null || source == 0) {
                return; // the collection's person was erased while this event was on its way: nothing of theirs is written
            }
            // a live person's response is gone: lost or tampered with (GET /api/audit/verify names it); retried, never skipped
            throw new IllegalStateException("stored response " + e.responseSha256() + " is missing");
        }
        String json = entries.get(e.entryIndex());
        if (json == null) {
            throw new IllegalStateException("response " + e.responseSha256() + " has no resource at entry " + e.entryIndex());
        }
        jdbc.update("""
                insert into dossier_resource (collection_id, response_sha256, entry_index, person_id, resource_type, resource_id,
                  version_id, profiles, search_mode, query, page, fhir_version, received_at, resource_json)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                e.collectionId().value(), e.responseSha256(), e.entryIndex(), e.personId().value(), e.resourceType(),
                e.resourceId(), e.versionId(), String.join(" ", e.profiles()), e.searchMode(), e.query(), e.page(),
                e.fhirVersion(), Timestamp.from(e.receivedAt()), json);
    }

    @ResetHandler
    synchronized void reset() {
        cachedSha = null;
        cachedEntries = null;
        jdbc.update("delete from dossier_resource");
        jdbc.update("delete from dossier_response");
        jdbc.update("delete from dossier_source");
    }

    private List<String> entries(String sha, String fhirVersion) {
        if (!sha.equals(cachedSha)) {
            List<byte[]> bodies = jdbc.query("select content from response_body where sha256 = ?", (rs, i) -> rs.getBytes(1), sha);
            if (bodies.isEmpty()) {
                return null;
            }
            byte[] body = bodies.get(0);
            cachedEntries = isXml(body) ? XmlEntries.resources(body, fhirVersion) : RawEntryExtractor.resources(body);
            cachedSha = sha;
        }
        return cachedEntries;
    }

    private static boolean isXml(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b == '<';
            }
        }
        return false;
    }
}
