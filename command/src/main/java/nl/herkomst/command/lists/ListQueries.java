package nl.herkomst.command.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.herkomst.api.command.RefreshLists;
import nl.herkomst.api.query.FindListStatus;
import nl.herkomst.api.query.FindProviders;
import nl.herkomst.api.query.ListStatuses;
import nl.herkomst.api.query.ProviderList;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Answers the queries on the lists from {@link MedMijLists} (the provider directory and the list status),
 * and the operator's command to download them now.
 */
public class ListQueries {

    private final MedMijLists lists;

    public ListQueries(MedMijLists lists) {
        this.lists = lists;
    }

    @CommandHandler
    public Map<String, String> refresh(RefreshLists command) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        lists.refreshNow(java.time.Duration.ofMinutes(2)).forEach((k, v) -> outcomes.put(k.key(), v));
        return outcomes;
    }

    @QueryHandler
    public ProviderList providers(FindProviders q) {
        List<MedMijLists.ProviderEntry> all = lists.providers(q.text(), q.gegevensdienst(), q.at(), Integer.MAX_VALUE);
        List<ProviderList.Provider> page = all.stream().limit(q.limit())
                .map(p -> new ProviderList.Provider(p.name(), p.gegevensdiensten().stream()
                        .map(s -> new ProviderList.Gegevensdienst(s.id(), s.name())).toList()))
                .toList();
        return new ProviderList(volgnummer(ListKind.ZAL, q.at()), volgnummer(ListKind.GNL, q.at()), all.size(), page);
    }

    private String volgnummer(ListKind kind, Instant at) {
        if (at == null) {
            return lists.current(kind).map(c -> c.document().volgnummer().toString()).orElse(null);
        }
        return lists.latestVersion(kind, at).map(MedMijLists.Version::volgnummer).orElse(null);
    }

    @QueryHandler
    public ListStatuses status(FindListStatus q) {
        List<ListStatuses.ListStatus> result = new ArrayList<>();
        for (ListKind kind : ListKind.values()) {
            String source = lists.settings().urls().get(kind).toString();
            ListStatuses.Rejection rejection = lists.lastRejection(kind)
                    .map(r -> new ListStatuses.Rejection(r.code(), r.reasons(), r.source(), r.at())).orElse(null);
            Instant attempt = lists.lastAttempt(kind).orElse(null);
            if (q.at() != null) {
                Optional<MedMijLists.Version> v = lists.latestVersion(kind, q.at());
                result.add(v.map(x -> new ListStatuses.ListStatus(kind.key(), x.source(), "HISTORICAL", x.volgnummer(), x.tijdstempel(),
                        x.release(), x.sha256(), x.size(), counts(x.counts()), x.fetchedAt(), null, null, null, null))
                        .orElse(new ListStatuses.ListStatus(kind.key(), source, "MISSING", null, null, null, null, null, null, null, null,
                                null, null, null)));
                continue;
            }
            Optional<MedMijLists.Current> current = lists.current(kind);
            if (current.isEmpty()) {
                result.add(new ListStatuses.ListStatus(kind.key(), source, "MISSING", null, null, null, null, null, null, null, null, null,
                        attempt, rejection));
                continue;
            }
            MedMijLists.Current c = current.get();
            long age = lists.age(kind).orElseThrow().toSeconds();
            ListDocument d = c.document();
            result.add(new ListStatuses.ListStatus(kind.key(), c.source(), age > lists.settings().maxAge().toSeconds() ? "STALE" : "CURRENT",
                    d.volgnummer().toString(), d.tijdstempel(), d.release(), d.sha256(), (long) d.size(), d.counts(), c.acceptedAt(),
                    c.confirmedAt(), age, attempt, rejection));
        }
        return new ListStatuses(result);
    }

    private static Map<String, Integer> counts(String encoded) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : encoded.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
            }
        }
        return m;
    }
}
