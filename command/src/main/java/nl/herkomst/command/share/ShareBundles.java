package nl.herkomst.command.share;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import nl.herkomst.api.share.Coding;
import nl.herkomst.api.share.PatientDetails;
import nl.herkomst.api.share.ShareInput;
import nl.herkomst.api.share.SharedEntry;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Builds the Bundles of Delen from what the person entered, by the rules the Nictiz send scripts check
 * (qualification.md §1.4, fact 8): the Bundle type of the gegevensdienst; every resource created with POST,
 * without an id, under a {@code urn:uuid} fullUrl; {@code meta.profile} on every resource but Binary; system
 * and code on every Coding and a display on every CodeableConcept; a display on every Reference; and no
 * BSN: the Patient's BSN identifier is present only masked (data-absent-reason {@code masked}), as in the
 * reference Bundles, because this PGO never holds one.
 */
public final class ShareBundles {

    /** A Bundle as it will be sent. */
    public record Built(String fhirVersion, String bundleType, IBaseResource bundle, String json, List<SharedEntry> entries) {
    }

    static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    static final String DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    static final String STU3_PATIENT = "http://fhir.nl/fhir/StructureDefinition/nl-core-patient";
    static final String R4_PATIENT = "http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient";
    static final String R4_ORGANIZATION = "http://nictiz.nl/fhir/StructureDefinition/nl-core-HealthcareProvider-Organization";
    static final String CORRECTION = "http://nictiz.nl/fhir/StructureDefinition/dwv-PatientCorrectionsCommunication";
    static final String MANIFEST = "http://nictiz.nl/fhir/StructureDefinition/IHE.MHD.DocumentManifest";
    static final String DOCUMENT = "http://nictiz.nl/fhir/StructureDefinition/IHE.MHD.Minimal.DocumentReference";
    static final ZoneId NL = ZoneId.of("Europe/Amsterdam");

    private ShareBundles() {
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    // ---- Documenten (STU3, transaction) -----------------------------------------------------------

    /** Patient, DocumentManifest (the submission), DocumentReference (the document's metadata) and Binary (the PDF). */
    public static Built document(PatientDetails person, ShareInput.Document doc, String pgoSource, Instant now) {
        org.hl7.fhir.dstu3.model.Bundle bundle = new org.hl7.fhir.dstu3.model.Bundle();
        bundle.setType(org.hl7.fhir.dstu3.model.Bundle.BundleType.TRANSACTION);
        String patientUrl = urn();
        String manifestUrl = urn();
        String documentUrl = urn();
        String binaryUrl = urn();
        String name = person.displayName();
        Date at = Date.from(now);

        org.hl7.fhir.dstu3.model.CodeableConcept type = stu3Concept(doc.type());

        var manifest = new org.hl7.fhir.dstu3.model.DocumentManifest();
        manifest.getMeta().addProfile(MANIFEST);
        manifest.setMasterIdentifier(new org.hl7.fhir.dstu3.model.Identifier().setSystem("urn:ietf:rfc:3986").setValue(urn()));
        manifest.setStatus(org.hl7.fhir.dstu3.model.Enumerations.DocumentReferenceStatus.CURRENT);
        manifest.setType(type.copy());
        manifest.setSubject(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
        manifest.setCreated(at);
        manifest.addAuthor(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
        manifest.setSource(pgoSource);
        manifest.setDescription(doc.title());
        manifest.addContent().setP(new org.hl7.fhir.dstu3.model.Reference(documentUrl).setDisplay(doc.title()));

        var document = new org.hl7.fhir.dstu3.model.DocumentReference();
        document.getMeta().addProfile(DOCUMENT);
        document.setMasterIdentifier(new org.hl7.fhir.dstu3.model.Identifier().setSystem("urn:ietf:rfc:3986").setValue(urn()));
        document.setStatus(org.hl7.fhir.dstu3.model.Enumerations.DocumentReferenceStatus.CURRENT);
        document.setType(type.copy());
        document.setSubject(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
        document.setIndexed(at);
        document.addAuthor(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
        document.setDescription(doc.description() == null || doc.description().isBlank() ? doc.title() : doc.description());
        var attachment = document.addContent().getAttachment();
        attachment.setContentType("application/pdf").setLanguage("nl").setUrl(binaryUrl).setTitle(doc.title()).setSize(doc.pdf().length)
                .setHash(sha1(doc.pdf()));

        var binary = new org.hl7.fhir.dstu3.model.Binary();
        binary.setContentType("application/pdf");
        binary.setContent(doc.pdf());

        add(bundle, patientUrl, stu3Patient(person));
        add(bundle, manifestUrl, manifest);
        add(bundle, documentUrl, document);
        add(bundle, binaryUrl, binary);
        return built(FhirContext.forDstu3Cached(), "STU3", "transaction", bundle);
    }

    // ---- Meetwaarden vitale functies (STU3, batch) ------------------------------------------------

    /** Patient and one Observation per measurement, each on its zib profile, performed by the person. */
    public static Built measurements(PatientDetails person, ShareInput.Measurements input) {
        org.hl7.fhir.dstu3.model.Bundle bundle = new org.hl7.fhir.dstu3.model.Bundle();
        bundle.setType(org.hl7.fhir.dstu3.model.Bundle.BundleType.BATCH);
        String patientUrl = urn();
        String name = person.displayName();
        add(bundle, patientUrl, stu3Patient(person));
        for (ShareInput.Measurement m : input.measurements()) {
            MeasurementType type = MeasurementType.of(m.type()).orElseThrow();
            var o = new org.hl7.fhir.dstu3.model.Observation();
            o.getMeta().addProfile(type.profile());
            o.setStatus(org.hl7.fhir.dstu3.model.Observation.ObservationStatus.FINAL);
            if (type.glucose()) {
                o.addCategory(stu3Concept(new Coding("http://snomed.info/sct", "49581000146104", "Laboratory test finding (finding)")));
            } else {
                o.addCategory(stu3Concept(new Coding("http://hl7.org/fhir/observation-category", "vital-signs", "Vital Signs")));
            }
            o.setCode(stu3Concept(new Coding(type.system(), type.code(), type.display())));
            o.setSubject(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
            o.addPerformer(new org.hl7.fhir.dstu3.model.Reference(patientUrl).setDisplay(name));
            o.setEffective(new org.hl7.fhir.dstu3.model.DateTimeType(ShareInputs.fhirMoment(m.at())));
            switch (type) {
                case BLOOD_PRESSURE -> {
                    o.addComponent().setCode(stu3Concept(new Coding("http://loinc.org", MeasurementType.SYSTOLIC, "Systolic blood pressure")))
                            .setValue(stu3Quantity(m.systolic(), type));
                    o.addComponent().setCode(stu3Concept(new Coding("http://loinc.org", MeasurementType.DIASTOLIC, "Diastolic blood pressure")))
                            .setValue(stu3Quantity(m.diastolic(), type));
                }
                case RESPIRATION -> o.addComponent()
                        .setCode(stu3Concept(new Coding("http://loinc.org", MeasurementType.RESPIRATION_RATE, "Respiratory rate")))
                        .setValue(stu3Quantity(m.value(), type));
                default -> o.setValue(stu3Quantity(m.value(), type));
            }
            add(bundle, urn(), o);
        }
        return built(FhirContext.forDstu3Cached(), "STU3", "batch", bundle);
    }

    // ---- Patient corrections (R4, transaction) ----------------------------------------------------

    /** Communication (the request, in the person's words), Patient and Organization (the provider it goes to). */
    public static Built correction(PatientDetails person, ShareInput.Correction input, String providerName, Instant now) {
        org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle();
        bundle.setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        String patientUrl = urn();
        String organizationUrl = urn();
        String name = person.displayName();

        var c = new org.hl7.fhir.r4.model.Communication();
        c.getMeta().addProfile(CORRECTION);
        c.setStatus(org.hl7.fhir.r4.model.Communication.CommunicationStatus.COMPLETED);
        c.addCategory(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                "https://hl7.org/fhir/uv/fhir-patient-correction/CodeSystem/PatientCorrectionCommunicationTypes", "medRecCxReq",
                "Correction request by the Patient or RelatedPerson")));
        c.setSubject(new org.hl7.fhir.r4.model.Reference(patientUrl).setType("Patient").setDisplay(name));
        if (input.topic() != null && !input.topic().isBlank()) {
            c.setTopic(new org.hl7.fhir.r4.model.CodeableConcept().setText(input.topic()));
        }
        c.setSent(Date.from(now));
        c.addRecipient(new org.hl7.fhir.r4.model.Reference(organizationUrl).setType("Organization").setDisplay(providerName));
        c.setSender(new org.hl7.fhir.r4.model.Reference(patientUrl).setType("Patient").setDisplay(name));
        c.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(input.text()));

        var organization = new org.hl7.fhir.r4.model.Organization();
        organization.getMeta().addProfile(R4_ORGANIZATION);
        organization.setName(providerName);

        add(bundle, urn(), c);
        add(bundle, patientUrl, r4Patient(person));
        add(bundle, organizationUrl, organization);
        return built(FhirContext.forR4Cached(), "R4", "transaction", bundle);
    }

    // ---- parts ----------------------------------------------------------------------------------

    private static org.hl7.fhir.dstu3.model.Patient stu3Patient(PatientDetails p) {
        var patient = new org.hl7.fhir.dstu3.model.Patient();
        patient.getMeta().addProfile(STU3_PATIENT);
        var bsn = patient.addIdentifier().setSystem(BSN);
        bsn.getValueElement().addExtension(new org.hl7.fhir.dstu3.model.Extension(DATA_ABSENT, new org.hl7.fhir.dstu3.model.CodeType("masked")));
        var name = patient.addName().setFamily(p.family()).setText(p.displayName());
        p.given().forEach(name::addGiven);
        if (p.gender() != null) {
            patient.setGender(org.hl7.fhir.dstu3.model.Enumerations.AdministrativeGender.fromCode(p.gender()));
        }
        if (p.birthDate() != null) {
            patient.setBirthDateElement(new org.hl7.fhir.dstu3.model.DateType(p.birthDate()));
        }
        if (p.city() != null || p.postalCode() != null || p.street() != null) {
            var address = patient.addAddress().setCity(p.city()).setPostalCode(p.postalCode());
            if (p.street() != null) {
                address.addLine(p.street() + (p.houseNumber() == null ? "" : " " + p.houseNumber()));
            }
        }
        return patient;
    }

    private static org.hl7.fhir.r4.model.Patient r4Patient(PatientDetails p) {
        var patient = new org.hl7.fhir.r4.model.Patient();
        patient.getMeta().addProfile(R4_PATIENT);
        var bsn = patient.addIdentifier().setSystem(BSN);
        bsn.getValueElement().addExtension(new org.hl7.fhir.r4.model.Extension(DATA_ABSENT, new org.hl7.fhir.r4.model.CodeType("masked")));
        var name = patient.addName().setUse(org.hl7.fhir.r4.model.HumanName.NameUse.OFFICIAL).setFamily(p.family()).setText(p.displayName());
        p.given().forEach(name::addGiven);
        if (p.gender() != null) {
            patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.fromCode(p.gender()));
        }
        if (p.birthDate() != null) {
            patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(p.birthDate()));
        }
        if (p.city() != null || p.postalCode() != null || p.street() != null) {
            var address = patient.addAddress().setCity(p.city()).setPostalCode(p.postalCode());
            if (p.street() != null) {
                address.addLine(p.street() + (p.houseNumber() == null ? "" : " " + p.houseNumber()));
            }
        }
        return patient;
    }

    private static org.hl7.fhir.dstu3.model.CodeableConcept stu3Concept(Coding coding) {
        var concept = new org.hl7.fhir.dstu3.model.CodeableConcept();
        if (coding != null) {
            concept.addCoding().setSystem(blankToNull(coding.system())).setCode(blankToNull(coding.code())).setDisplay(blankToNull(coding.display()));
        }
        return concept;
    }

    private static org.hl7.fhir.dstu3.model.Quantity stu3Quantity(BigDecimal value, MeasurementType type) {
        return new org.hl7.fhir.dstu3.model.Quantity().setValue(value).setUnit(type.unit()).setSystem("http://unitsofmeasure.org")
                .setCode(type.ucum());
    }

    private static void add(org.hl7.fhir.dstu3.model.Bundle bundle, String fullUrl, org.hl7.fhir.dstu3.model.Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(org.hl7.fhir.dstu3.model.Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static void add(org.hl7.fhir.r4.model.Bundle bundle, String fullUrl, org.hl7.fhir.r4.model.Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static Built built(FhirContext ctx, String version, String type, IBaseResource bundle) {
        List<SharedEntry> entries = new ArrayList<>();
        if (bundle instanceof org.hl7.fhir.dstu3.model.Bundle b) {
            for (var e : b.getEntry()) {
                entries.add(new SharedEntry(e.getFullUrl(), e.getResource().fhirType(),
                        e.getResource().getMeta().getProfile().isEmpty() ? null : e.getResource().getMeta().getProfile().get(0).getValue(),
                        e.getRequest().getMethod().toCode()));
            }
        } else if (bundle instanceof org.hl7.fhir.r4.model.Bundle b) {
            for (var e : b.getEntry()) {
                entries.add(new SharedEntry(e.getFullUrl(), e.getResource().fhirType(),
                        e.getResource().getMeta().getProfile().isEmpty() ? null : e.getResource().getMeta().getProfile().get(0).getValue(),
                        e.getRequest().getMethod().toCode()));
            }
        }
        return new Built(version, type, bundle, ctx.newJsonParser().encodeResourceToString(bundle), List.copyOf(entries));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
