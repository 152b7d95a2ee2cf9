package nl.herkomst.query.share;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.share.PatientDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What a share can take from the person's dossier: the patient's name, birth date, gender and address
 * (from the Patient most recently received; never an identifier), and a PDF already collected (a Binary,
 * or the Binary a DocumentReference points to, or its inline data).
 */
public class DossierSources {

    private final JdbcTemplate jdbc;

    public DossierSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PatientDetails> patient(String personId) {
        List<String> json = jdbc.queryForList("""
                select resource_json from dossier_resource where person_id = ? and resource_type = 'Patient'
                order by received_at desc limit 1""", String.class, personId);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JsonNode p = ShareProjection.JSON.readTree(json.get(0));
        JsonNode name = p.path("name").path(0);
        List<String> given = new ArrayList<>();
        name.path("given").forEach(g -> {
            if (g.isString()) {
                given.add(g.asString());
            }
        });
        JsonNode address = p.path("address").path(0);
        String line = address.path("line").path(0).isString() ? address.path("line").path(0).asString() : null;
        return Optional.of(new PatientDetails(given, text(name.path("family")), text(p.path("birthDate")), text(p.path("gender")), line, null,
                text(address.path("postalCode")), text(address.path("city"))));
    }

    /** The PDF of {@code Binary/<id>} or {@code DocumentReference/<id>} in the person's dossier. */
    public byte[] pdf(String personId, String reference) {
        String[] parts = reference == null ? new String[0] : reference.split("/");
        if (parts.length != 2 || !(parts[0].equals("Binary") || parts[0].equals("DocumentReference"))
                || !parts[1].matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REFERENCE", "fromDossier must be Binary/<id> or DocumentReference/<id>");
        }
        JsonNode resource = resource(personId, parts[0], parts[1]).orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND,
                "RESOURCE_NOT_FOUND", "no " + reference + " in this person's dossier"));
        if (parts[0].equals("Binary")) {
            return binary(resource);
        }
        JsonNode attachment = resource.path("content").path(0).path("attachment");
        if (attachment.path("data").isString()) {
            return Base64.getMimeDecoder().decode(attachment.path("data").asString());
        }
        String url = text(attachment.path("url"));
        if (url != null && url.matches("(.*/)?Binary/[A-Za-z0-9\\-.]{1,64}")) {
            String id = url.substring(url.lastIndexOf('/') + 1);
            return binary(resource(personId, "Binary", id).orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND,
                    "RESOURCE_NOT_FOUND", "the document's content (Binary/" + id + ") is not in this person's dossier")));
        }
        throw new RefusedException(RefusedException.Kind.INVALID, "NO_DOCUMENT_CONTENT", reference + " has no content this PGO holds");
    }

    /** The type the provider gave a DocumentReference of the dossier (its first coding), as it is. */
    public Optional<nl.herkomst.api.share.Coding> documentType(String personId, String reference) {
        String[] parts = reference == null ? new String[0] : reference.split("/");
        if (parts.length != 2 || !parts[0].equals("DocumentReference")) {
            return Optional.empty();
        }
        return resource(personId, parts[0], parts[1]).map(r -> r.path("type").path("coding").path(0)).filter(c -> !c.isMissingNode())
                .map(c -> new nl.herkomst.api.share.Coding(text(c.path("system")), text(c.path("code")), text(c.path("display"))));
    }

    private Optional<JsonNode> resource(String personId, String type, String id) {
        List<String> json = jdbc.queryForList("""
                select resource_json from dossier_resource where person_id = ? and resource_type = ? and resource_id = ?
                order by received_at desc limit 1""", String.class, personId, type, id);
        return json.stream().findFirst().map(ShareProjection.JSON::readTree);
    }

    private static byte[] binary(JsonNode binary) {
        JsonNode content = binary.has("data") ? binary.path("data") : binary.path("content");
        if (!content.isString()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "NO_DOCUMENT_CONTENT", "the Binary holds no content");
        }
        return Base64.getMimeDecoder().decode(content.asString());
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }
}
