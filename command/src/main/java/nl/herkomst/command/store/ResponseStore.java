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

    /** The bytes stored under a SHA-256, if any. */
    public java.util.Optional<byte[]> get(String sha256) {
        return jdbc.query("select content from response_body where sha256 = ?", (rs, i) -> rs.getBytes(1), sha256).stream().findFirst();
    }
}
