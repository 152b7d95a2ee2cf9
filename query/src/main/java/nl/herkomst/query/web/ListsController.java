package nl.herkomst.query.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.RefreshLists;
import nl.herkomst.api.query.FindListStatus;
import nl.herkomst.api.query.FindProviders;
import nl.herkomst.api.query.ListStatuses;
import nl.herkomst.api.query.ProviderList;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The provider directory (from the Zorgaanbiederslijst and the Gegevensdienstnamenlijst) and the state of the MedMij lists. */
@RestController
public class ListsController {

    private static final int MAX_LIMIT = 500;

    private final QueryGateway queries;
    private final CommandGateway commands;

    public ListsController(QueryGateway queries, CommandGateway commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(summary = "Providers by name and gegevensdienst",
            description = "Providers whose name contains q (case-insensitive) and that offer the gegevensdienst (exact id), with the GNL "
                    + "names of their gegevensdiensten, from the current Zorgaanbiederslijst or from the one in use at 'at' (ISO-8601).")
    @GetMapping("/api/providers")
    public ProviderList providers(@RequestParam(name = "q", required = false) String q,
                                  @RequestParam(name = "gegevensdienst", required = false) String gegevensdienst,
                                  @RequestParam(name = "at", required = false) String at,
                                  @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (q != null && q.length() > 100) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_QUERY", "q is longer than 100 characters");
        }
        if (gegevensdienst != null && (gegevensdienst.isEmpty() || gegevensdienst.length() > 30)) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_GEGEVENSDIENST", "gegevensdienst must have 1 to 30 characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_LIMIT", "limit must be between 1 and " + MAX_LIMIT);
        }
        return Queries.join(queries.query(new FindProviders(q, gegevensdienst, Moments.parse("at", at), limit), ProviderList.class));
    }

    @Operation(summary = "The MedMij lists in use",
            description = "Per list (zal, ocl, gnl, whitelist): Volgnummer, Tijdstempel, when it was fetched and last confirmed, its age, "
                    + "its status (CURRENT, STALE after the maximum age, MISSING) and the last rejected download; with 'at', the versions "
                    + "that were in use at that moment.")
    @GetMapping("/api/lists")
    public ListStatuses lists(@RequestParam(name = "at", required = false) String at) {
        return Queries.join(queries.query(new FindListStatus(Moments.parse("at", at)), ListStatuses.class));
    }

    @Operation(summary = "Download every list now", description = "The Whitelist first; answers each list's outcome "
            + "(ACCEPTED, UNCHANGED or REJECTED:<code>).")
    @PostMapping("/api/lists/refresh")
    public Map<String, String> refresh() {
        return commands.sendAndWait(new RefreshLists());
    }
}
