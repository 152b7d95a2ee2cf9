package nl.herkomst.query.export;

import ca.uhn.fhir.context.FhirContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.query.DossierResource;
import nl.herkomst.api.query.DossierResources;
import nl.herkomst.api.query.FindResources;
import nl.herkomst.query.provenance.FhirProvenance;
import org.axonframework.queryhandling.QueryGateway;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The person takes their dossier along (AVG art. 20): per FHIR version a Bundle of type collection with
 * every resource as it was received and the Provenance of each (in the same FHIR version), streamed; and an
 * index with the collections that were made (provider, gegevensdienst and version), so that another PGO can
 * make them again.
 */
@RestController
public class ExportController {

    public record ExportIndex(String personId, Instant exportedAt, List<Map<String, Object>> bundles, List<Map<String, Object>> collections) {
    }

    private final QueryGateway queries;
    private final JdbcTemplate jdbc;

    public ExportController(QueryGateway queries, JdbcTemplate jdbc) {
        this.queries = queries;
        this.jdbc = jdbc;
    }

    @Operation(summary = "Export: what the dossier holds per FHIR version, and the collections made (to repeat them elsewhere)")
    @GetMapping("/api/persons/{personId}/export")
    public ExportIndex index(@PathVariable String personId) {
        PersonId person = new PersonId(personId);
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select fhir_version, count(*) from dossier_resource where person_id = ? group by fhir_version order by fhir_version",
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                }, person.value());
        List<Map<String, Object>> bundles = counts.entrySet().stream().map(e -> Map.<String, Object>of("fhirVersion", e.getKey(),
                "resources", e.getValue(), "href", "/api/persons/" + person.value() + "/export/" + e.getKey())).toList();
        List<Map<String, Object>> collections = jdbc.query("""
                select c.collection_id, c.provider, c.gegevensdienst, c.gegevensdienst_name, s.gegevensdienst_version, c.fhir_version, c.status,
                       c.requested_at, c.completed_at, c.resources
                from collection_status c left join dossier_source s on s.collection_id = c.collection_id
                where c.person_id = ? order by c.requested_at, c.collection_id""", (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("collectionId", rs.getString(1));
            m.put("provider", rs.getString(2));
            m.put("gegevensdienst", rs.getString(3));
            m.put("gegevensdienstName", rs.getString(4));
            m.put("gegevensdienstVersion", rs.getString(5));
            m.put("fhirVersion", rs.getString(6));
            m.put("status", rs.getString(7));
            m.put("requestedAt", instant(rs.getTimestamp(8)));
            m.put("completedAt", instant(rs.getTimestamp(9)));
            m.put("resources", rs.getInt(10));
            return m;
        }, person.value());
        return new ExportIndex(person.value(), Instant.now(), bundles, collections);
    }

    @Operation(summary = "Export: the dossier's resources of one FHIR version as a Bundle (type collection), each with its Provenance")
    @ApiResponse(responseCode = "400", description = "INVALID_FHIR_VERSION", content = @Content(mediaType = "application/problem+json"))
    @GetMapping(value = "/api/persons/{personId}/export/{fhirVersion}", produces = "application/fhir+json")
    public ResponseEntity<StreamingResponseBody> bundle(@PathVariable String personId, @PathVariable String fhirVersion) {
        PersonId person = new PersonId(personId);
        if (!fhirVersion.equals("STU3") && !fhirVersion.equals("R4")) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_FHIR_VERSION", "fhirVersion must be STU3 or R4");
        }
        List<DossierResource> resources = queries.query(new FindResources(person, null), DossierResources.class).join().resources().stream()
                .filter(r -> fhirVersion.equals(r.provenance().fhirVersion())).toList();
        FhirContext ctx = fhirVersion.equals("R4") ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        StreamingResponseBody body = (OutputStream out) -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // Bundle.timestamp is R4 only; an empty entry array is not valid FHIR JSON, so "entry" comes with the first resource
            w.write("{\"resourceType\":\"Bundle\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"collection\""
                    + (fhirVersion.equals("R4") ? ",\"timestamp\":\"" + Instant.now() + "\"" : ""));
            boolean first = true;
            for (DossierResource r : resources) {
                // the resource exactly as received, then its provenance, whose target is that entry
                String fullUrl = "urn:uuid:" + UUID.randomUUID();
                w.write((first ? ",\"entry\":[" : ",") + "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + r.resourceJson() + "}");
                first = false;
                org.hl7.fhir.r4.model.Provenance provenance = FhirProvenance.of(r);
                provenance.getTargetFirstRep().setReference(fullUrl);
                String json = fhirVersion.equals("R4") ? ctx.newJsonParser().encodeResourceToString(provenance)
                        : ctx.newJsonParser().encodeResourceToString(VersionConvertorFactory_30_40.convertResource(provenance));
                w.write(",{\"fullUrl\":\"urn:uuid:" + provenance.getIdElement().getIdPart() + "\",\"resource\":" + json + "}");
                w.flush();
            }
            w.write(first ? "}" : "]}");
            w.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/fhir+json"))
                .header("Content-Disposition", "attachment; filename=\"dossier-" + fhirVersion + ".json\"").body(body);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
