package nl.herkomst.query.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes an access-log entry after every request to a person's data: the dossier, its resources, their
 * element lists and provenance, the collections (read or started); and after every auditor's read of the
 * history or of the stored responses (which hold health data too).
 */
public class AccessLogInterceptor implements HandlerInterceptor {

    private final AccessLog log;

    public AccessLogInterceptor(AccessLog log) {
        this.log = log;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null || pattern.endsWith("/access-log")) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String person = vars == null ? null : validPerson(vars.get("personId"));
        String action;
        if (pattern.startsWith("/api/audit/")) {
            if (!pattern.endsWith("/events") && !pattern.startsWith("/api/audit/responses/")) {
                return; // verify, the access log itself: no health data
            }
            action = pattern.startsWith("/api/audit/responses/") ? "AUDIT_READ_RESPONSE" : "AUDIT_READ_HISTORY";
            String target = vars == null ? null : vars.containsKey("sha256") ? "response " + vars.get("sha256")
                    : vars.containsKey("collectionId") ? "collection " + vars.get("collectionId") : vars.containsKey("list") ? "list " + vars.get("list") : null;
            log.record(actor(request), person, action, target, request.getRemoteAddr(), request.getHeader("User-Agent"), response.getStatus());
            return;
        }
        if (!pattern.startsWith("/api/persons/")) {
            return;
        }
        if (pattern.equals("/api/persons/{personId}") && request.getMethod().equals("DELETE") && response.getStatus() < 300) {
            // an erasure: an entry naming the person would be the trace it just removed; it names the erasure (PersonErased), and
            // the administrator who made it, never the person
            String actor = actor(request);
            log.record(actor.equals(vars == null ? null : vars.get("personId")) ? "(the erased person)" : actor, null, "ERASE_PERSON",
                    "erasure " + request.getAttribute("herkomst.erasure"), request.getRemoteAddr(), request.getHeader("User-Agent"),
                    response.getStatus());
            return;
        }
        action = action(request.getMethod(), pattern, request.getParameter("view"));
        String target = target(pattern, vars, request.getQueryString());
        log.record(actor(request), person, action, target, request.getRemoteAddr(), request.getHeader("User-Agent"), response.getStatus());
    }

    /** A person id as the API accepts it, else none: the log never keeps what the API refused (nine digits, a BSN, among them). */
    static String validPerson(String id) {
        if (id == null) {
            return null;
        }
        try {
            return new nl.herkomst.api.PersonId(id).value();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String action(String method, String pattern, String view) {
        String p = pattern.substring("/api/persons/{personId}".length());
        if (method.equals("POST") && p.equals("/collections")) {
            return "START_COLLECTION";
        }
        return switch (p) {
            case "/resources" -> "READ_RESOURCES";
            case "/resources/{type}/{id}" -> "elements".equals(view) ? "READ_ELEMENTS" : "READ_RESOURCE";
            case "/resources/{type}/{id}/provenance", "/provenance" -> "READ_PROVENANCE";
            case "/collections/{collectionId}", "/collections/{collectionId}/events", "/collections" -> "READ_COLLECTION";
            default -> method + " " + p;
        };
    }

    static String target(String pattern, Map<String, String> vars, String query) {
        if (vars != null && vars.containsKey("type") && vars.containsKey("id")) {
            return vars.get("type") + "/" + vars.get("id");
        }
        if (vars != null && vars.containsKey("collectionId")) {
            return "collection " + vars.get("collectionId");
        }
        return query;
    }

    /** The request attribute where the application's security puts the caller: the API token's subject. */
    public static final String ACTOR = "herkomst.actor";

    /** Who asked: the API token's subject (set by the application's security), else the principal, else anonymous. */
    static String actor(HttpServletRequest request) {
        Object actor = request.getAttribute(ACTOR);
        if (actor instanceof String a && !a.isBlank()) {
            return a;
        }
        return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    }
}
