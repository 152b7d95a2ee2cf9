package nl.herkomst.query.share;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.command.RequestShare;
import nl.herkomst.api.command.ShareStarted;
import nl.herkomst.api.share.Coding;
import nl.herkomst.api.share.PatientDetails;
import nl.herkomst.api.share.ShareInput;
import nl.herkomst.api.share.ShareKind;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Delen: a person shares a document, measurements or a correction request with a provider. The answer
 * names the share and where to send the browser (the provider's confirmation screen); a Bundle that fails
 * validation is not sent and the answer (422) gives the reasons.
 */
@RestController
@RequestMapping("/api/persons/{personId}/shares")
public class ShareController {

    /** The JSON form: {@code kind} decides which of document, measurements and correction is read. */
    public record StartShare(String kind, String provider, PatientDetails patient, DocumentPart document,
                             List<ShareInput.Measurement> measurements, CorrectionPart correction) {
    }

    /** A document from the dossier (a PDF upload is the multipart form). */
    public record DocumentPart(String fromDossier, String title, String description, Coding type) {
    }

    public record CorrectionPart(String text, String topic) {
    }

    public record ShareAccepted(String shareId, String status, String authorizationUrl) {
    }

    /** The multipart patient part, read as strictly as JSON bodies are (unknown fields and duplicate keys refused). */
    private static final tools.jackson.databind.json.JsonMapper PATIENT_READER = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final CommandGateway commands;
    private final ShareReadModel shares;
    private final DossierSources dossier;
    private final Coding defaultDocumentType;

    public ShareController(CommandGateway commands, ShareReadModel shares, DossierSources dossier, Coding defaultDocumentType) {
        this.commands = commands;
        this.shares = shares;
        this.dossier = dossier;
        this.defaultDocumentType = defaultDocumentType;
    }

    @Operation(summary = "Share measurements, a correction request, or a document already in the dossier",
            description = "kind: measurements (measurements: [{type, value | systolic+diastolic, at}]), patient-correction (correction: {text, topic}) "
                    + "or document (document: {fromDossier: Binary/<id> | DocumentReference/<id>, title}). patient: {given, family, birthDate, gender, …}, "
                    + "else taken from the Patient in the dossier. Send the browser to authorizationUrl.")
    @ApiResponse(responseCode = "201", description = "Started: AWAITING_AUTHORIZATION")
    @ApiResponse(responseCode = "400", description = "Input refused (a code says why); nothing recorded", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "BUNDLE_INVALID: recorded, not sent; problems lists the reasons", content = @Content(mediaType = "application/problem+json"))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> startJson(@PathVariable String personId, @RequestBody StartShare body) {
        PersonId person = new PersonId(personId);
        if (body == null || body.kind() == null) {
            throw invalid("INVALID_REQUEST", "the body names a kind: document, measurements or patient-correction");
        }
        ShareKind kind = kindOf(body.kind());
        int parts = (body.measurements() != null ? 1 : 0) + (body.correction() != null ? 1 : 0) + (body.document() != null ? 1 : 0);
        boolean own = switch (kind) {
            case MEASUREMENTS -> body.measurements() != null;
            case PATIENT_CORRECTION -> body.correction() != null;
            case DOCUMENT -> body.document() != null;
        };
        if (parts > 1 || parts == 1 && !own) {
            throw invalid("INVALID_REQUEST", "a " + kind.key() + " share carries only its own part (measurements, correction or document)");
        }
        ShareInput input = switch (kind) {
            case MEASUREMENTS -> new ShareInput.Measurements(body.measurements());
            case PATIENT_CORRECTION -> body.correction() == null ? new ShareInput.Correction(null, null)
                    : new ShareInput.Correction(body.correction().text(), body.correction().topic());
            case DOCUMENT -> {
                if (body.document() == null || body.document().fromDossier() == null) {
                    throw invalid("PDF_REQUIRED", "a document is uploaded as multipart/form-data (file), or named with document.fromDossier");
                }
                byte[] pdf = dossier.pdf(person.value(), body.document().fromDossier());
                if (body.document().type() != null) {
                    yield new ShareInput.Document(pdf, body.document().title(), body.document().description(), body.document().type(),
                            "dossier:" + body.document().fromDossier());
                }
                // the type the provider gave the document, if it is a DocumentReference; else the configured one
                java.util.Optional<Coding> providers = dossier.documentType(person.value(), body.document().fromDossier());
                yield new ShareInput.Document(pdf, body.document().title(), body.document().description(), providers.orElse(defaultDocumentType),
                        "dossier:" + body.document().fromDossier(), providers.isPresent());
            }
        };
        return start(person, body.provider(), body.patient(), input);
    }

    private static final java.util.List<String> UPLOAD_FIELDS = java.util.List.of("provider", "title", "description", "typeSystem", "typeCode",
            "typeDisplay", "patient");

    @Operation(summary = "Share a PDF the person uploads (Documenten)",
            description = "multipart/form-data: provider, file (a PDF), title, description, typeSystem/typeCode/typeDisplay (default: the configured document type), "
                    + "patient (a JSON part, else the Patient in the dossier).")
    @ApiResponse(responseCode = "201", description = "Started: AWAITING_AUTHORIZATION")
    @ApiResponse(responseCode = "413", description = "The upload is larger than the configured limit", content = @Content(mediaType = "application/problem+json"))
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<?> startUpload(@PathVariable String personId, @RequestParam(required = false) String provider,
                                         @RequestPart(required = false) MultipartFile file, @RequestParam(required = false) String title,
                                         @RequestParam(required = false) String description, @RequestParam(required = false) String typeSystem,
                                         @RequestParam(required = false) String typeCode, @RequestParam(required = false) String typeDisplay,
                                         @RequestParam(name = "patient", required = false) String patientJson,
                                         org.springframework.web.multipart.MultipartHttpServletRequest request) throws java.io.IOException {
        PersonId person = new PersonId(personId);
        // as strict as a JSON body: each part once, none unknown (a second file or title would otherwise be dropped unseen)
        for (java.util.Map.Entry<String, String[]> part : request.getParameterMap().entrySet()) {
            if (!UPLOAD_FIELDS.contains(part.getKey())) {
                throw invalid("INVALID_MULTIPART", "a part this endpoint does not take; the parts are " + UPLOAD_FIELDS + " and file");
            }
            if (part.getValue().length > 1) {
                throw invalid("INVALID_MULTIPART", "the part '" + part.getKey() + "' is given more than once");
            }
        }
        for (java.util.Map.Entry<String, java.util.List<MultipartFile>> part : request.getMultiFileMap().entrySet()) {
            if (!part.getKey().equals("file") || part.getValue().size() > 1) {
                throw invalid("INVALID_MULTIPART", "one file part, named 'file', is taken");
            }
        }
        PatientDetails patient = null;
        if (patientJson != null && !patientJson.isBlank()) {
            try {
                patient = PATIENT_READER.readValue(patientJson, PatientDetails.class);
            } catch (RuntimeException e) {
                throw invalid("INVALID_PATIENT", "the patient part must be JSON: {\"given\":[…],\"family\":…,\"birthDate\":…,\"gender\":…}");
            }
        }
        Coding type = typeSystem == null && typeCode == null && typeDisplay == null ? defaultDocumentType : new Coding(typeSystem, typeCode, typeDisplay);
        byte[] pdf = file == null ? null : file.getBytes();
        return start(person, provider, patient, new ShareInput.Document(pdf, title, description, type, "upload"));
    }

    private ResponseEntity<?> start(PersonId person, String provider, PatientDetails patient, ShareInput input) {
        if (provider == null || provider.isBlank() || provider.length() > 100) {
            throw invalid("INVALID_REQUEST", "the request names a provider (at most 100 characters)");
        }
        PatientDetails who = patient != null ? patient : dossier.patient(person.value()).orElseThrow(() -> invalid("PATIENT_REQUIRED",
                "no patient in the request and none in the dossier: give patient {given, family, birthDate, gender}"));
        ShareId id = ShareId.random();
        ShareStarted started = commands.sendAndWait(new RequestShare(id, person, provider, who, input));
        awaitReadModel(person, id);
        URI location = URI.create("/api/persons/" + person.value() + "/shares/" + id.value());
        if (!started.valid()) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    "the Bundle did not pass validation and was not sent");
            pd.setType(URI.create("urn:herkomst:problem:BUNDLE_INVALID"));
            pd.setTitle("Bundle not valid");
            pd.setProperty("code", "BUNDLE_INVALID");
            pd.setProperty("shareId", id.value());
            pd.setProperty("shareStatus", "NOT_SENT_INVALID");
            pd.setProperty("problems", started.problems().stream().map(OperationOutcomeIssue::text).toList());
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).location(location).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
        }
        return ResponseEntity.created(location).body(new ShareAccepted(id.value(), "AWAITING_AUTHORIZATION", started.authorizationUrl()));
    }

    @Operation(summary = "The person's shares: what was sent, to whom, when, and the provider's answer")
    @GetMapping
    public List<ShareView> list(@PathVariable String personId) {
        return shares.all(new PersonId(personId).value());
    }

    @Operation(summary = "One share: its status and the provider's answer (providerText is to be shown to the person)")
    @ApiResponse(responseCode = "404", description = "SHARE_NOT_FOUND", content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/{shareId}")
    public ShareView one(@PathVariable String personId, @PathVariable String shareId) {
        String id;
        try {
            id = ShareId.of(shareId).value();
        } catch (IllegalArgumentException e) {
            String shown = shareId.replaceAll("[^A-Za-z0-9-]", "?");
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "SHARE_NOT_FOUND", "no share "
                    + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + " for this person");
        }
        return shares.find(new PersonId(personId).value(), id).orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND,
                "SHARE_NOT_FOUND", "no share " + id + " for this person"));
    }

    private void awaitReadModel(PersonId person, ShareId id) {
        for (int i = 0; i < 100 && shares.find(person.value(), id.value()).isEmpty(); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ShareKind kindOf(String kind) {
        try {
            return ShareKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw invalid("UNKNOWN_SHARE_KIND", e.getMessage());
        }
    }

    private static RefusedException invalid(String code, String message) {
        return new RefusedException(RefusedException.Kind.INVALID, code, message);
    }

}
