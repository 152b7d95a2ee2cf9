package nl.herkomst.command.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pending authorization requests of the write side, found by the SHA-256 of their {@code state}. A
 * state is used at most once; the PKCE code verifier is kept until the token exchange takes it.
 */
public class AuthorizationStateStore {

    public enum Rejection { UNKNOWN, EXPIRED, USED, NOT_YOURS }

    public static class StateRejectedException extends RefusedException {
        private final Rejection rejection;

        public StateRejectedException(Rejection rejection) {
            super(rejection == Rejection.NOT_YOURS ? Kind.FORBIDDEN : Kind.INVALID, "STATE_" + rejection.name(), switch (rejection) {
                case UNKNOWN -> "unknown state: this callback does not belong to an authorization request of ours";
                case EXPIRED -> "expired state: the authorization request is too old, start the collection or share again";
                case USED -> "state already used: this callback has been handled before";
                case NOT_YOURS -> "this authorization was started for another person: not accepted, and nothing was changed";
            });
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    /** @param share true for a share's (Delen) authorization request; {@code id} is then the share id */
    public record Pending(String id, PersonId personId, boolean share) {
        public CollectionId collectionId() {
            return new CollectionId(id);
        }
    }

    private final JdbcTemplate jdbc;

    public AuthorizationStateStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String stateHash, CollectionId collectionId, PersonId personId, String codeVerifier, Instant expiresAt) {
        insert(stateHash, collectionId.value(), false, personId, codeVerifier, expiresAt);
    }

    /** A share's authorization request: the callback goes to the share, not to a collection. */
    public void insertShare(String stateHash, String shareId, PersonId personId, String codeVerifier, Instant expiresAt) {
        insert(stateHash, shareId, true, personId, codeVerifier, expiresAt);
    }

    private void insert(String stateHash, String id, boolean share, PersonId personId, String codeVerifier, Instant expiresAt) {
        jdbc.update("insert into authorization_state (state_hash, collection_id, person_id, code_verifier, expires_at, flow) values (?, ?, ?, ?, ?, ?)",
                stateHash, id, personId.value(), codeVerifier, Timestamp.from(expiresAt), share ? "share" : "collection");
    }

    /** Marks the state used and returns its collection, or throws why it cannot be used. */
    public Pending consume(String stateHash, Instant now) {
        return consume(stateHash, now, null);
    }

    /** As {@link #consume(String, Instant)}; with {@code expectedPerson}, a state of another person's authorization is refused and left unused. */
    public Pending consume(String stateHash, Instant now, PersonId expectedPerson) {
        List<Object[]> rows = jdbc.query(
                "select collection_id, person_id, expires_at, used_at, flow from authorization_state where state_hash = ? for update",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4), rs.getString(5)}, stateHash);
        if (rows.isEmpty()) {
            throw new StateRejectedException(Rejection.UNKNOWN);
        }
        Object[] row = rows.get(0);
        if (expectedPerson != null && !expectedPerson.value().equals(row[1])) {
            throw new StateRejectedException(Rejection.NOT_YOURS); // before anything else about it is said
        }
        if (row[3] != null) {
            throw new StateRejectedException(Rejection.USED);
        }
        if (!((Timestamp) row[2]).toInstant().isAfter(now)) {
            throw new StateRejectedException(Rejection.EXPIRED);
        }

        jdbc.update("update authorization_state set used_at = ? where state_hash = ?", Timestamp.from(now), stateHash);
        return new Pending((String) row[0], new PersonId((String) row[1]), "share".equals(row[4]));
    }

    /** The PKCE code verifier of a collection, once: it is erased on reading. */
    public String takeCodeVerifier(CollectionId collectionId) {
        return takeCodeVerifier(collectionId.value());
    }

    /** The PKCE code verifier of a collection or share (by its id), once. */
    public String takeCodeVerifier(String id) {
        List<String> v = jdbc.queryForList("select code_verifier from authorization_state where collection_id = ? and code_verifier is not null",
                String.class, id);
        jdbc.update("update authorization_state set code_verifier = null where collection_id = ?", id);
        return v.isEmpty() ? null : v.get(0);
    }
}
