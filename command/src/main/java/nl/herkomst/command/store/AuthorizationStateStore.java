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

    public enum Rejection { UNKNOWN, EXPIRED, USED }

    public static class StateRejectedException extends RefusedException {
        private final Rejection rejection;

        public StateRejectedException(Rejection rejection) {
            super(Kind.INVALID, "STATE_" + rejection.name(), switch (rejection) {
                case UNKNOWN -> "unknown state: this callback does not belong to an authorization request of ours";
                case EXPIRED -> "expired state: the authorization request is too old, start the collection again";
                case USED -> "state already used: this callback has been handled before";
            });
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    public record Pending(CollectionId collectionId, PersonId personId) {
    }

    private final JdbcTemplate jdbc;

    public AuthorizationStateStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String stateHash, CollectionId collectionId, PersonId personId, String codeVerifier, Instant expiresAt) {
        jdbc.update("insert into authorization_state (state_hash, collection_id, person_id, code_verifier, expires_at) values (?, ?, ?, ?, ?)",
                stateHash, collectionId.value(), personId.value(), codeVerifier, Timestamp.from(expiresAt));
    }

    /** Marks the state used and returns its collection, or throws why it cannot be used. */
    public Pending consume(String stateHash, Instant now) {
        List<Object[]> rows = jdbc.query(
                "select collection_id, person_id, expires_at, used_at from authorization_state where state_hash = ? for update",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4)}, stateHash);
        if (rows.isEmpty()) {
            throw new StateRejectedException(Rejection.UNKNOWN);
        }
        Object[] row = rows.get(0);
        if (row[3] != null) {
            throw new StateRejectedException(Rejection.USED);
        }
        if (!((Timestamp) row[2]).toInstant().isAfter(now)) {
            throw new StateRejectedException(Rejection.EXPIRED);
        }
        jdbc.update("update authorization_state set used_at = ? where state_hash = ?", Timestamp.from(now), stateHash);
        return new Pending(new CollectionId((String) row[0]), new PersonId((String) row[1]));
    }

    /** The PKCE code verifier of a collection, once: it is erased on reading. */
    public String takeCodeVerifier(CollectionId collectionId) {
        List<String> v = jdbc.queryForList("select code_verifier from authorization_state where collection_id = ? and code_verifier is not null",
                String.class, collectionId.value());
        jdbc.update("update authorization_state set code_verifier = null where collection_id = ?", collectionId.value());
        return v.isEmpty() ? null : v.get(0);
    }
}
