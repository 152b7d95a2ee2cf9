package nl.herkomst.query.provenance;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import java.util.List;
import nl.herkomst.api.query.DossierResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The provenance of a dossier resource as a FHIR R4 {@code Provenance}: the provider as author, this PGO
 * as the agent that collected it, the request it came in as source entity, and the MedMij particulars
 * (gegevensdienst and version, systeemrol, correlation ids, HTTP status, response hash, provider-list
 * version) as extensions.
 */
public final class FhirProvenance {

    public static final String EXTENSION_BASE = "urn:herkomst:fhir:StructureDefinition:provenance-";
    private static final FhirContext R4 = FhirContext.forR4Cached();

    private FhirProvenance() {
    }

    public static Provenance of(DossierResource resource) {
        DossierResource.Provenance p = resource.provenance();
        Provenance prov = new Provenance();
        // stable: the same received resource always has the same provenance id
        prov.setId(java.util.UUID.nameUUIDFromBytes((p.collectionId() + "|" + p.responseSha256() + "|" + resource.resourceType() + "/"
                + resource.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        prov.addTarget(new Reference(resource.resourceType() + "/" + resource.id())
                .setDisplay(resource.resourceType() + " " + resource.id() + " (FHIR " + p.fhirVersion() + ")"));
        Date received = Date.from(p.receivedAt());
        prov.setRecorded(received);
        prov.setOccurred(new org.hl7.fhir.r4.model.DateTimeType(received));
        prov.setActivity(new CodeableConcept().setText("Verzamelen (MedMij): " + p.gegevensdienstName()));

        Provenance.ProvenanceAgentComponent author = prov.addAgent();
        author.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")));
        author.setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:medmij:zorgaanbiedernaam").setValue(p.provider()))
                .setDisplay(p.providerDisplayName()));

        Provenance.ProvenanceAgentComponent collector = prov.addAgent();
        collector.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler")));
        collector.setWho(new Reference().setDisplay("Herkomst (PGO backend)"));

        Provenance.ProvenanceEntityComponent source = prov.addEntity();
        source.setRole(Provenance.ProvenanceEntityRole.SOURCE);
        Reference what = new Reference().setDisplay(p.query() + " (page " + p.page() + ")");
        if (p.requestUrl() != null) {
            what.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue(p.requestUrl()));
        }
        source.setWhat(what);

        extension(prov, "gegevensdienst", new StringType(p.gegevensdienst()));
        extension(prov, "gegevensdienst-name", string(p.gegevensdienstName()));
        extension(prov, "gegevensdienst-version", string(p.gegevensdienstVersion()));
        extension(prov, "systeemrol", string(p.systeemrol()));
        extension(prov, "resource-endpoint", string(p.resourceEndpoint()));
        extension(prov, "query", new StringType(p.query()));
        extension(prov, "page", new IntegerType(p.page()));
        extension(prov, "x-correlation-id", string(p.correlationId()));
        extension(prov, "medmij-request-id", string(p.requestId()));
        if (p.httpStatus() != null) {
            extension(prov, "http-status", new IntegerType(p.httpStatus()));
        }
        extension(prov, "response-sha256", new StringType(p.responseSha256()));
        extension(prov, "zorgaanbiederslijst-volgnummer", string(p.listVersion()));
        extension(prov, "whitelist-volgnummer", string(p.whitelistVersion()));
        extension(prov, "collection", new StringType(p.collectionId()));
        return prov;
    }

    /** A share (Delen) as a Provenance: the Bundle that was sent (by its SHA-256), to which provider, when, and how it was answered. */
    public static Provenance of(nl.herkomst.query.share.ShareView share) {
        Provenance prov = new Provenance();
        prov.setId(java.util.UUID.nameUUIDFromBytes(("share|" + share.shareId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        int entries = share.entries() == null ? 0 : share.entries().size();
        prov.addTarget(new Reference().setIdentifier(new Identifier().setSystem("urn:herkomst:bundle-sha256").setValue(share.bundleSha256()))
                .setDisplay("Bundle (" + share.bundleType() + ", " + entries + " entries, FHIR " + share.fhirVersion() + ")"));
        java.time.Instant recorded = share.completedAt() != null ? share.completedAt() : share.requestedAt();
        prov.setRecorded(Date.from(recorded));
        if (share.sentAt() != null) {
            prov.setOccurred(new org.hl7.fhir.r4.model.DateTimeType(Date.from(share.sentAt())));
        }
        prov.setActivity(new CodeableConcept().setText("Delen (MedMij): " + share.gegevensdienstName()));
        Provenance.ProvenanceAgentComponent sender = prov.addAgent();
        sender.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "performer", "Performer")));
        sender.setWho(new Reference().setDisplay("Herkomst (PGO backend), for the person"));
        Provenance.ProvenanceAgentComponent recipient = prov.addAgent();
        recipient.setType(new CodeableConcept().setText("recipient"));
        recipient.setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:medmij:zorgaanbiedernaam").setValue(share.provider()))
                .setDisplay(share.provider()));
        extension(prov, "gegevensdienst", new StringType(share.gegevensdienst()));
        extension(prov, "gegevensdienst-name", string(share.gegevensdienstName()));
        extension(prov, "gegevensdienst-version", string(share.gegevensdienstVersion()));
        extension(prov, "share", new StringType(share.shareId()));
        extension(prov, "share-status", new StringType(share.status()));
        if (share.httpStatus() != null) {
            extension(prov, "http-status", new IntegerType(share.httpStatus()));
        }
        extension(prov, "response-sha256", string(share.responseSha256()));
        extension(prov, "zorgaanbiederslijst-volgnummer", string(share.listVersion()));
        if (share.assigned() != null) {
            share.assigned().forEach(a -> extension(prov, "assigned", new StringType(a)));
        }
        return prov;
    }

    public static String json(DossierResource resource) {
        return R4.newJsonParser().encodeResourceToString(of(resource));
    }

    /** Every provenance of a person as a collection Bundle. */
    public static String bundle(List<DossierResource> resources) {
        return bundle(resources, List.of());
    }

    /** Every provenance of a person: what was collected, and what was shared (every share whose Bundle was sent). */
    public static String bundle(List<DossierResource> resources, List<nl.herkomst.query.share.ShareView> shares) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (DossierResource r : resources) {
            Provenance p = of(r);
            bundle.addEntry().setFullUrl("urn:herkomst:provenance:" + p.getIdElement().getIdPart()).setResource(p);
        }
        for (nl.herkomst.query.share.ShareView s : shares) {
            if (s.sentAt() != null) {
                Provenance p = of(s);
                bundle.addEntry().setFullUrl("urn:herkomst:provenance:" + p.getIdElement().getIdPart()).setResource(p);
            }
        }
        return R4.newJsonParser().encodeResourceToString(bundle);
    }

    private static StringType string(String value) {
        return value == null ? null : new StringType(value);
    }

    private static void extension(Provenance prov, String name, org.hl7.fhir.r4.model.Type value) {
        if (value != null) {
            prov.addExtension(new Extension(EXTENSION_BASE + name, value));
        }
    }
}
