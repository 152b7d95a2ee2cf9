package nl.herkomst.query.web;

import java.net.URI;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.CallbackResult;
import nl.herkomst.api.command.HandleAuthorizationCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The redirect URI. The state is looked up first; an unknown, expired or reused state changes nothing and
 * gets an error page. Answers with a small HTML page, or redirects to {@code herkomst.frontend-url}.
 */
@RestController
public class OAuthCallbackController {

    private final CommandGateway commands;
    private final String frontendUrl;
    private final boolean relayedByFrontend;

    public OAuthCallbackController(CommandGateway commands, @Value("${herkomst.frontend-url:}") String frontendUrl,
                                   @Value("${herkomst.medmij.callback:backend}") String callback,
                                   @Value("${herkomst.medmij.redirect-uri:}") String redirectUri) {
        this.commands = commands;
        this.frontendUrl = frontendUrl;
        if (!callback.equals("backend") && !callback.equals("frontend")) {
            throw new IllegalArgumentException("herkomst.medmij.callback is backend or frontend, not " + callback);
        }
        this.relayedByFrontend = callback.equals("frontend");
        if (relayedByFrontend && redirectUri.endsWith("/oauth/callback")) {
            org.slf4j.LoggerFactory.getLogger(OAuthCallbackController.class).warn("herkomst.medmij.callback=frontend, but the redirect URI is "
                    + "the backend's own /oauth/callback, which then takes nothing: set herkomst.medmij.redirect-uri to the front end's page");
        }
    }

    /** What a front end relays from its redirect URI: the authorization server's parameters, as received. */
    public record RelayedCallback(String state, String code, String error,
                                  @com.fasterxml.jackson.annotation.JsonProperty("error_description") String errorDescription) {
        @Override
        public String toString() {
            return "RelayedCallback[error=" + error + "]";
        }
    }

    public record CallbackAnswer(String kind, String id, String result, String reason) {
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The front end relays what its redirect URI received (herkomst.medmij.callback=frontend)",
            description = "Body: the redirect's parameters, {state, code} or {state, error, error_description}. Accepted only from the person "
                    + "who started that collection or share (their PERSON token): an authorization URL that reached someone else's browser "
                    + "is refused (403 STATE_NOT_YOURS) and its code is never used. 400 STATE_UNKNOWN, STATE_EXPIRED, STATE_USED, INVALID_CALLBACK.")
    @org.springframework.web.bind.annotation.PostMapping(value = "/api/persons/{personId}/authorizations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public CallbackAnswer relayed(@org.springframework.web.bind.annotation.PathVariable String personId,
                                  @org.springframework.web.bind.annotation.RequestBody RelayedCallback body) {
        nl.herkomst.api.PersonId person = new nl.herkomst.api.PersonId(personId);
        if (body == null || body.state() == null || body.state().isBlank()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_CALLBACK", "the body is the redirect's state with its code or error");
        }
        CallbackResult result = commands.sendAndWait(new HandleAuthorizationCallback(body.state(), body.code(), body.error(),
                body.errorDescription(), person));
        return new CallbackAnswer(result.share() ? "share" : "collection", result.id(), result.granted() ? "granted" : "refused", result.refusal());
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "The MedMij redirect URI: takes the authorization server's code or error",
            description = "Answers with a small HTML page, or redirects to herkomst.frontend-url. 400 for an unknown, expired or used state (STATE_UNKNOWN, STATE_EXPIRED, STATE_USED) or a callback without code or error (INVALID_CALLBACK).")
    @GetMapping(value = "/oauth/callback", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
                                           @RequestParam(required = false) String error,
                                           @RequestParam(name = "error_description", required = false) String errorDescription) {
        if (relayedByFrontend) {
            return page(HttpStatus.NOT_FOUND, "Deze terugkoppeling hoort bij de app",
                    "This PGO's front end receives the provider's redirect and relays it (POST /api/persons/{personId}/authorizations) [CALLBACK_RELAYED]");
        }
        CallbackResult result;
        try {
            result = commands.sendAndWait(new HandleAuthorizationCallback(state, code, error, errorDescription));
        } catch (RefusedException e) {
            if (!frontendUrl.isBlank()) {
                return redirect(UriComponentsBuilder.fromUriString(frontendUrl).queryParam("result", "error")
                        .queryParam("code", e.code()).build().toUri());
            }
            return page(HttpStatus.BAD_REQUEST, "Deze terugkoppeling kan niet worden verwerkt",
                    e.getMessage() + " [" + e.code() + "]");
        }
        if (!frontendUrl.isBlank()) {
            return redirect(UriComponentsBuilder.fromUriString(frontendUrl)
                    .queryParam(result.share() ? "shareId" : "collectionId", result.id())
                    .queryParam("result", result.granted() ? "granted" : "refused")
                    .queryParamIfPresent("reason", java.util.Optional.ofNullable(result.refusal()))
                    .build().toUri());
        }
        String statusUrl = "/api/persons/" + result.personId().value() + (result.share() ? "/shares/" : "/collections/") + result.id();
        if (result.share()) {
            return result.granted()
                    ? page(HttpStatus.OK, "Bevestiging ontvangen", "The provider confirmed the share; sending now. Follow the status at " + statusUrl)
                    : page(HttpStatus.OK, "Niet gedeeld", "The provider did not grant the share (" + result.refusal() + "). Status: " + statusUrl);
        }
        return result.granted()
                ? page(HttpStatus.OK, "Toestemming ontvangen",
                        "The provider granted access; collecting now. Follow the status at " + statusUrl)
                : page(HttpStatus.OK, "Geen toestemming",
                        "The provider did not grant access (" + result.refusal() + "). Status: " + statusUrl);
    }

    private static ResponseEntity<String> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String text) {
        String html = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text)
                + "</p></body></html>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }
}
