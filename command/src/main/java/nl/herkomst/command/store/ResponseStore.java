package nl.herkomst.command.store;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every provider response, verbatim, addressed by the SHA-256 of its bytes. Writing the same bytes twice
 * stores them once.
 */
public class ResponseStore {

    private final JdbcTemplate jdbc;

    public ResponseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String put(byte[] body, String contentType) {
        String sha = Sha256.hex(body);
        put(sha, body, contentType);
        return sha;
    }

    /** Stores bytes whose SHA-256 the caller has computed already. */
    public void put(String sha256, byte[] body, String contentType) {
        jdbc.update("insert into response_body (sha256, content_type, size, content) values (?, ?, ?, ?) on conflict (sha256) do nothing",
                sha256, contentType, body.length, body);
    }

    /**
     * Deletes the bytes under a SHA-256 unless an event names them (another collection got the same answer).
     * Reads every event's payload: for the rare bytes a refused record leaves behind, not for routine use.
     */
    public boolean deleteUnnamed(String sha256) {
        return jdbc.update("""
                delete from response_body b where b.sha256 = ? and not exists
                  (select 1 from domain_event_entry e where position(convert_to(b.sha256, 'UTF8') in e.payload) > 0)""", sha256) == 1;
    }

    /** The bytes stored under a SHA-256, if any. */
    public java.util.Optional<byte[]> get(String sha256) {
        return jdbc.query("select content from response_body where sha256 = ?", (rs, i) -> rs.getBytes(1), sha256).stream().findFirst();
    }
}
