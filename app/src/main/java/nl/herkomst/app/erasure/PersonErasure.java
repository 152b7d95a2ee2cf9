package nl.herkomst.app.erasure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.event.PersonErased;
import nl.herkomst.command.store.PersonKeys;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure of a person (AVG art. 17): every trace of their health content and identity is removed, and what
 * cannot be removed (their events, which are immutable) becomes unreadable.
 * <ul>
 *   <li>Deleted: the provider responses and sent Bundles of their collections and shares (unless another
 *   person's events refer to the same bytes), every read-model row of theirs, pending authorizations, the
 *   vault's codes, tokens and refresh tokens of their collections, shares and consents, and the access-log entries about them or by them.</li>
 *   <li>Destroyed: their data key. Their events stay (the history is immutable and hash-chained) but every
 *   personal value in them (their id, ids and texts from providers) was sealed with that key: a replay of every
 *   projection reads them as absent and rebuilds nothing of the person.</li>
 *   <li>Recorded: {@link PersonErased}, without any personal value.</li>
 * </ul>
 */
public class PersonErasure {

    private static final Logger log = LoggerFactory.getLogger(PersonErasure.class);
    private static final Pattern SHA256 = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Pattern VAULT_REFERENCE = Pattern.compile("vault:[A-Za-z0-9_-]{10,64}");
    private static final List<String> REFERRING = List.of("ResponseReceived", "ResourceReceived", "FetchFailed", "ShareRequested", "DataShared",
            "ShareFailed").stream().map(t -> "nl.herkomst.api.event." + t).toList();

    /** How long an erasure waits for a fetching collection to stop, and for the projections to pass it. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    public record Result(String erasureId, int collections, int shares, int consents, int responses, int readModelRows, int accessLogEntries) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PersonKeys keys;
    private final EventStore events;
    private final Clock clock;

    private final nl.herkomst.app.audit.Replays replays;
    private final nl.herkomst.query.support.PersonPseudonym pseudonym;

    public PersonErasure(JdbcTemplate jdbc, TransactionTemplate tx, PersonKeys keys, EventStore events, Clock clock,
                         nl.herkomst.app.audit.Replays replays, nl.herkomst.query.support.PersonPseudonym pseudonym) {
        this.replays = replays;
        this.pseudonym = pseudonym;
        this.jdbc = jdbc;
        this.tx = tx;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    /** Erases the person; an unknown person is erased too (there is nothing to remove, and the answer does not say whether they existed). */
    public synchronized Result erase(PersonId person, String requestedBy, String admin) {
        Optional<String> keyId = keys.keyId(person);
        List<String> collections = new ArrayList<>();
        List<String> shares = new ArrayList<>();
        List<String> consents = new ArrayList<>();
        jdbc.query(nl.herkomst.app.audit.EventHistory.PERSON_STREAMS, rs -> {
            String type = rs.getString(2);
            (type.endsWith("ShareRequested") ? shares : type.endsWith("ConsentGranted") ? consents : collections).add(rs.getString(1));
        }, nl.herkomst.app.audit.EventHistory.personStreamArgs(person.value(), keyId));
        collections.addAll(readModelCollections(person));
        shares.addAll(jdbc.queryForList("select share_id from share_status where person_id = ?", String.class, person.value()));
        consents.addAll(jdbc.queryForList("select consent_id from consent_status where person_id = ?", String.class, person.value()));
        List<String> myConsents = new ArrayList<>(new java.util.LinkedHashSet<>(consents));
        List<String> mine = new ArrayList<>(new java.util.LinkedHashSet<>(collections));
        List<String> myShares = new ArrayList<>(new java.util.LinkedHashSet<>(shares));
        List<String> aggregates = new ArrayList<>(mine);
        aggregates.addAll(myShares);
        aggregates.addAll(myConsents);
        String[] ids = aggregates.toArray(String[]::new);

        // what their events refer to: stored bytes (by SHA-256) and vault secrets
        Set<String> secrets = new HashSet<>();
        String[] shas = ownBytes(ids, secrets);
        for (String id : aggregates) {
            secrets.add(nl.herkomst.command.collection.CollectionCommandHandler.CODE_KEY + id);
            secrets.add(nl.herkomst.command.consent.ConsentTokens.KEY + id); // a consent's refresh token
        }

        int[] counts = sweep(person, ids, secrets, shas);
        keys.destroy(person);
        String erasureId = UUID.randomUUID().toString();
        // a stream of its own (type Erasure), so that it is hash-chained like every other event
        events.publish(new GenericDomainEventMessage<>("Erasure", erasureId, 0,
                new PersonErased(erasureId, requestedBy, admin, mine.size(), myShares.size(), myConsents.size(), counts[0], clock.instant())));
        // a projection may have read one of their events just before the key went, and write its row after the first sweep:
        // once every projection is past the erasure, nothing of theirs can come back, and a second sweep takes what did
        // a collection that was fetching stops at its next query (its token went with the first sweep): what it stored until
        // then is named by its events, and goes too
        if (!until(() -> noneFetching(ids), WAIT)) {
            log.warn("Erasure {}: a collection of the person was still fetching after {} s; erase again once it has ended", erasureId,
                    WAIT.toSeconds());
        }
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        boolean caughtUp = until(() -> projectionsAt(head), WAIT);
        int[] again = sweep(person, ids, secrets, ownBytes(ids, secrets));
        counts[0] += again[0];
        counts[1] += again[1];
        counts[2] += again[2];
        if (!caughtUp) {
            log.warn("Erasure {}: a projection did not catch up within {} s; erase the person again once it has, to sweep what it may still write",
                    erasureId, WAIT.toSeconds());
        }
        log.info("Erasure {}: {} collections, {} shares, {} stored responses, {} read-model rows, {} access-log entries removed; the person's key destroyed",
                erasureId, mine.size(), myShares.size(), counts[0], counts[1], counts[2]);
        return new Result(erasureId, mine.size(), myShares.size(), myConsents.size(), counts[0], counts[1], counts[2]);
    }

    /** The person's collections as the read models know them, also where no event can name them any more (their key is gone). */
    private List<String> readModelCollections(PersonId person) {
        List<String> ids = new ArrayList<>(jdbc.queryForList("select collection_id from collection_status where person_id = ? "
                + "union select collection_id from dossier_source where person_id = ? union select collection_id from dossier_resource where person_id = ? "
                + "union select collection_id from authorization_state where person_id = ?", String.class,
                person.value(), person.value(), person.value(), person.value()));
        if (pseudonym != null) {
            ids.addAll(jdbc.queryForList("select collection_id from support_collection where person_ref = ?", String.class, pseudonym.of(person.value())));
        }
        return ids;
    }

    /** Deletes, in one transaction, every row of the person: by their collections', shares' and consents' ids and by their id. */
    private int[] sweep(PersonId person, String[] known, Set<String> secrets, String[] shas) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(java.util.Arrays.asList(known));
        all.addAll(readModelCollections(person));
        String[] ids = all.toArray(String[]::new);
        return tx.execute(status -> {
            int responses = jdbc.update("delete from response_body where sha256 = any(?)", (Object) shas);
            int rows = 0;
            for (String table : List.of("dossier_resource", "dossier_response", "dossier_source", "collection_query_resource", "collection_query",
                    "collection_status", "support_step", "support_query", "support_collection")) {
                rows += jdbc.update("delete from " + table + " where collection_id = any(?)", (Object) ids);
            }
            rows += jdbc.update("delete from dossier_resource where person_id = ?", person.value());
            rows += jdbc.update("delete from dossier_source where person_id = ?", person.value());
            rows += jdbc.update("delete from collection_status where person_id = ?", person.value());
            rows += jdbc.update("delete from share_status where share_id = any(?) or person_id = ?", ids, person.value());
            rows += jdbc.update("delete from consent_status where consent_id = any(?) or person_id = ?", ids, person.value());
            rows += jdbc.update("delete from authorization_state where collection_id = any(?) or person_id = ?", ids, person.value());
            rows += jdbc.update("delete from vault_secret where reference = any(?)", (Object) secrets.toArray(String[]::new));
            int accessLog = jdbc.update("delete from access_log.entry where person_id = ? or actor = ?", person.value(), person.value());
            return new int[] {responses, rows, accessLog};
        });
    }

    /** The stored bytes the events of these streams name that no other stream's events name (an identical answer stays); their vault secrets into {@code secrets}. */
    private String[] ownBytes(String[] ids, Set<String> secrets) {
        Set<String> bytes = new HashSet<>();
        jdbc.query("select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = any(?)", rs -> {
            String payload = rs.getString(1);
            collect(SHA256, payload, bytes);
            collect(VAULT_REFERENCE, payload, secrets);
        }, (Object) ids);
        if (!bytes.isEmpty()) {
            JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
            streaming.setFetchSize(1000);
            Set<String> shared = new HashSet<>();
            streaming.query("select convert_from(payload, 'UTF8') from domain_event_entry where payload_type = any(?) and not aggregate_identifier = any(?)",
                    rs -> {
                        Matcher m = SHA256.matcher(rs.getString(1));
                        while (m.find()) {
                            if (bytes.contains(m.group())) {
                                shared.add(m.group());
                            }
                        }
                    }, REFERRING.toArray(String[]::new), ids);
            bytes.removeAll(shared);
        }
        return bytes.toArray(String[]::new);
    }

    /** Whether no collection of these has a token without having ended. */
    private boolean noneFetching(String[] ids) {
        Integer running = jdbc.queryForObject("""
                select count(*) from domain_event_entry t where t.aggregate_identifier = any(?) and t.payload_type = 'nl.herkomst.api.event.TokenGranted'
                  and not exists (select 1 from domain_event_entry c where c.aggregate_identifier = t.aggregate_identifier
                                  and c.payload_type = 'nl.herkomst.api.event.CollectionCompleted')""", Integer.class, (Object) ids);
        return running == null || running == 0;
    }

    /** Whether every running projection has handled every event up to {@code head}. */
    private boolean projectionsAt(Long head) {
        return replays.status().stream().filter(nl.herkomst.app.audit.Replays.ProcessorStatus::replayable)
                .noneMatch(p -> p.running() && (p.position() == null || head != null && p.position() < head));
    }

    /** Asks {@code done} every 50 ms until it holds (true) or {@code timeout} has passed (false). */
    private static boolean until(java.util.function.BooleanSupplier done, Duration timeout) {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (!java.time.Instant.now().isBefore(deadline)) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group());
        }
    }

}
