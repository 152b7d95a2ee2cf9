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
import nl.herkomst.api.query.FindResources;
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

    public CollectionController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

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
        return ResponseEntity.created(URI.create("/api/persons/" + person.value() + "/collections/" + id.value()))
                .body(new CollectionStarted(id.value(), redirect.authorizationUrl(), "AWAITING_AUTHORIZATION"));
    }

    @GetMapping("/collections/{collectionId}")
    public CollectionView collection(@PathVariable String personId, @PathVariable String collectionId) {
        FindCollection query = new FindCollection(new PersonId(personId), new CollectionId(collectionId));
        return queries.query(query, ResponseTypes.optionalInstanceOf(CollectionView.class)).join()
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "COLLECTION_NOT_FOUND",
                        "no collection " + collectionId + " for this person"));
    }

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

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
