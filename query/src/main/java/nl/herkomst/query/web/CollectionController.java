package nl.herkomst.query.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.net.URI;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.AuthorizationRedirect;
import nl.herkomst.api.command.RequestCollection;
import nl.herkomst.api.query.CollectionView;
import nl.herkomst.api.query.DossierResource;
import nl.herkomst.api.query.DossierResources;
import nl.herkomst.api.query.FindCollection;
import nl.herkomst.api.query.FindResource;
import nl.herkomst.api.query.FindResourceElements;
import nl.herkomst.api.query.FindResources;
import nl.herkomst.api.query.ResourceElements;
import nl.herkomst.query.provenance.FhirProvenance;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Collections and the dossier of a person. */
@RestController
@RequestMapping("/api/persons/{personId}")
public class CollectionController {

    private static final java.util.regex.Pattern RESOURCE_TYPE = java.util.regex.Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    public record StartCollection(String provider, String gegevensdienst) {
    }

    public record CollectionStarted(String collectionId, String authorizationUrl, String status) {
    }

    public record ResourceItem(String resourceType, String id, DossierResource.Provenance provenance, @JsonRawValue String resource) {
    }

    public record ResourceList(List<ResourceItem> resources) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final nl.herkomst.query.share.ShareReadModel shares;

    public CollectionController(CommandGateway commands, QueryGateway queries, nl.herkomst.query.share.ShareReadModel shares) {
        this.commands = commands;
        this.queries = queries;
        this.shares = shares;
    }

    @Operation(summary = "Start a collection", description = "Prepares the MedMij authorization request; send the person's browser to authorizationUrl.")
    @ApiResponse(responseCode = "201", description = "Started")
    @ApiResponse(responseCode = "400", description = "UNKNOWN_PROVIDER, UNKNOWN_GEGEVENSDIENST, INVALID_REQUEST", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "PROVIDER_LIST_UNAVAILABLE, INVALID_PROVIDER_ENDPOINT", content = @Content(mediaType = "application/problem+json"))
    @PostMapping("/collections")
    public ResponseEntity<CollectionStarted> start(@PathVariable String personId, @RequestBody StartCollection body) {
        PersonId person = new PersonId(personId);
        if (body == null || blank(body.provider()) || blank(body.gegevensdienst())) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST",
                    "the body must name a provider and a gegevensdienst");
        }
        if (body.provider().length() > 100 || body.gegevensdienst().length() > 30) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST", "provider or gegevensdienst too long");
        }
        CollectionId id = CollectionId.random();
        AuthorizationRedirect redirect = commands.sendAndWait(new RequestCollection(id, person, body.provider(), body.gegevensdienst()));
        awaitReadModel(person, id);
        return ResponseEntity.created(URI.create("/api/persons/" + person.value() + "/collections/" + id.value()))
                .body(new CollectionStarted(id.value(), redirect.authorizationUrl(), "AWAITING_AUTHORIZATION"));
    }

    @Operation(summary = "The person's collections, newest first, each with its status per query (as for one collection)")
    @GetMapping("/collections")
    public nl.herkomst.api.query.CollectionViews collections(@PathVariable String personId) {
        return queries.query(new nl.herkomst.api.query.FindCollections(new PersonId(personId)), nl.herkomst.api.query.CollectionViews.class).join();
    }

    @Operation(summary = "Status of a collection, per query, with outcome codes and messages")
    @ApiResponse(responseCode = "404", description = "COLLECTION_NOT_FOUND", content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/collections/{collectionId}")
    public CollectionView collection(@PathVariable String personId, @PathVariable String collectionId) {
        FindCollection query = new FindCollection(new PersonId(personId), new CollectionId(collectionId));
        return queries.query(query, ResponseTypes.optionalInstanceOf(CollectionView.class)).join()
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "COLLECTION_NOT_FOUND",
                        "no collection " + collectionId + " for this person"));
    }

    @Operation(summary = "The dossier: every resource as received, with provenance")
    @GetMapping("/resources")
    public ResourceList resources(@PathVariable String personId, @RequestParam(required = false) String type) {
        if (type != null && !RESOURCE_TYPE.matcher(type).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_RESOURCE_TYPE", "type must be a FHIR resource type name");
        }
        DossierResources found = queries.query(new FindResources(new PersonId(personId), type), DossierResources.class).join();
        return new ResourceList(found.resources().stream()
                .map(r -> new ResourceItem(r.resourceType(), r.id(), r.provenance(), r.resourceJson()))
                .toList());
    }

    /** One resource as received, or with {@code ?view=elements} every data element of it as a flat list. */
    @Operation(summary = "One resource as received, or with view=elements every data element as a flat list")
    @ApiResponse(responseCode = "404", description = "RESOURCE_NOT_FOUND", content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/resources/{type}/{id}")
    public Object resource(@PathVariable String personId, @PathVariable String type, @PathVariable String id,
                           @RequestParam(required = false) String view) {
        PersonId person = new PersonId(personId);
        if (!RESOURCE_TYPE.matcher(type).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_RESOURCE_TYPE", "type must be a FHIR resource type name");
        }
        if (!FHIR_ID.matcher(id).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_RESOURCE_ID", "id must be a FHIR id (1-64 of A-Z a-z 0-9 - .)");
        }
        RefusedException notFound = new RefusedException(RefusedException.Kind.NOT_FOUND, "RESOURCE_NOT_FOUND",
                "no " + type + "/" + id + " in this person's dossier");
        if (view == null) {
            DossierResource r = queries.query(new FindResource(person, type, id), ResponseTypes.optionalInstanceOf(DossierResource.class))
                    .join().orElseThrow(() -> notFound);
            return new ResourceItem(r.resourceType(), r.id(), r.provenance(), r.resourceJson());
        }
        if (!view.equals("elements")) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_VIEW", "view must be 'elements' or absent");
        }
        return queries.query(new FindResourceElements(person, type, id), ResponseTypes.optionalInstanceOf(ResourceElements.class))
                .join().orElseThrow(() -> notFound);
    }

    /** Read your writes: the status is there when the client asks for it right after the 201. */
    private void awaitReadModel(PersonId person, CollectionId id) {
        FindCollection query = new FindCollection(person, id);
        for (int i = 0; i < 100; i++) {
            if (queries.query(query, ResponseTypes.optionalInstanceOf(CollectionView.class)).join().isPresent()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The provenance of one resource as a FHIR R4 Provenance. */
    @Operation(summary = "The provenance of one resource as a FHIR R4 Provenance")
    @ApiResponse(responseCode = "404", description = "RESOURCE_NOT_FOUND", content = @Content(mediaType = "application/problem+json"))
    @GetMapping(value = "/resources/{type}/{id}/provenance", produces = "application/fhir+json")
    public String provenance(@PathVariable String personId, @PathVariable String type, @PathVariable String id) {
        PersonId person = new PersonId(personId);
        if (!RESOURCE_TYPE.matcher(type).matches() || !FHIR_ID.matcher(id).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_RESOURCE_ID", "not a FHIR resource type and id");
        }
        DossierResource r = queries.query(new FindResource(person, type, id), ResponseTypes.optionalInstanceOf(DossierResource.class))
                .join().orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "RESOURCE_NOT_FOUND",
                        "no " + type + "/" + id + " in this person's dossier"));
        return FhirProvenance.json(r);
    }

    /** The provenance of every resource in the dossier, as a FHIR R4 Bundle of Provenance resources. */
    @Operation(summary = "The provenance of every resource of a person, and of every share sent, as a FHIR R4 Bundle")
    @GetMapping(value = "/provenance", produces = "application/fhir+json")
    public String provenanceBundle(@PathVariable String personId) {
        DossierResources found = queries.query(new FindResources(new PersonId(personId), null), DossierResources.class).join();
        return FhirProvenance.bundle(found.resources(), shares.all(new PersonId(personId).value()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
