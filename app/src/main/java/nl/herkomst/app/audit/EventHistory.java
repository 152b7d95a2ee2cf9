package nl.herkomst.app.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import nl.herkomst.command.store.PersonKeys;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The events of the store as auditors read them: in global order, with type, time, aggregate, sequence,
 * metadata and payload. Events hold no secrets and no health content by construction (codes and tokens stay
 * in the vault, resources in the content store). Personal values (sealed with the person's key) are shown
 * opened; those of an erased person are {@code null}: their key is gone.
 */
public class EventHistory {

    public record Event(long globalIndex, String eventId, String type, String timestamp, String aggregateType, String aggregateId,
                        long sequence, Map<String, Object> metaData, @JsonRawValue String payload) {
    }

    public record Page(long total, int page, int size, List<Event> events) {
    }

    /** Which events: one aggregate, every collection of a person, or every event of a list's history. */
    public record Selection(String where, Object[] args) {
        public static Selection aggregate(String id) {
            return new Selection("aggregate_identifier = ?", new Object[] {id});
        }

        /**
         * Every collection and share of the person, found in the events themselves (not in a read model a replay may be
         * rebuilding): their person id is sealed with the person's key, and the sealed value starts with the key's id.
         */
        public static Selection person(String personId, java.util.Optional<String> keyId) {
            return new Selection("aggregate_identifier in (select aggregate_identifier from (" + PERSON_STREAMS + ") s)",
                    personStreamArgs(personId, keyId));
        }
    }

    /**
     * The first event of each of a person's streams (collections, shares, consents), with its aggregate and payload type:
     * their person id in the clear (written before sealing existed) or sealed with their key, whose id the sealed value
     * starts with. Its arguments: {@link #personStreamArgs}.
     */
    public static final String PERSON_STREAMS = "select aggregate_identifier, payload_type from domain_event_entry "
            + "where payload_type in ('nl.herkomst.api.event.CollectionRequested', 'nl.herkomst.api.event.ShareRequested', "
            + "'nl.herkomst.api.event.ConsentGranted') "
            + "and (convert_from(payload, 'UTF8')::jsonb ->> 'personId' = ? or convert_from(payload, 'UTF8')::jsonb ->> 'personId' like ?)";

    public static Object[] personStreamArgs(String personId, java.util.Optional<String> keyId) {
        return new Object[] {personId, keyId.map(k -> PersonKeys.PREFIX + k + ":%").orElse("-")};
    }

    private static final String COLUMNS = "global_index, event_identifier, payload_type, time_stamp, type, aggregate_identifier, "
            + "sequence_number, meta_data, payload";

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final Serializer serializer;
    private final PersonKeys keys;

    public EventHistory(javax.sql.DataSource dataSource, Serializer serializer, PersonKeys keys) {
        this.keys = keys;
        this.jdbc = new JdbcTemplate(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(500);
        this.serializer = serializer;
    }

    public Page page(Selection s, int page, int size) {
        Long total = jdbc.queryForObject("select count(*) from domain_event_entry where " + s.where(), Long.class, s.args());
        Object[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(s.args()), java.util.stream.Stream.of(size, (long) page * size))
                .toArray();
        List<Event> events = jdbc.query("select " + COLUMNS + " from domain_event_entry where " + s.where()
                + " order by global_index limit ? offset ?", (rs, i) -> event(rs), args);
        return new Page(total == null ? 0 : total, page, size, events);
    }

    /** Every selected event in global order, one at a time (for NDJSON export). */
    public void each(Selection s, Consumer<Event> sink) {
        streaming.query("select " + COLUMNS + " from domain_event_entry where " + s.where() + " order by global_index",
                (RowCallbackHandler) rs -> sink.accept(event(rs)), s.args());
    }

    private Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        byte[] meta = rs.getBytes(8);
        Map<String, Object> m = new TreeMap<>();
        m.putAll(EventChain.metaData(serializer, meta));
        String type = rs.getString(3);
        String payload = new String(rs.getBytes(9), StandardCharsets.UTF_8);
        try {
            payload = JSON.writeValueAsString(opened(JSON.readTree(payload)));
        } catch (RuntimeException e) {
            // a payload changed into something that is not JSON (verify names it): shown as a JSON string
            payload = JSON.writeValueAsString(payload);
        }
        return new Event(rs.getLong(1), rs.getString(2), type.substring(type.lastIndexOf('.') + 1), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), m, payload);
    }

    /** The tree with every sealed value replaced by its plain value, or by null where the key is gone. */
    private tools.jackson.databind.JsonNode opened(tools.jackson.databind.JsonNode node) {
        if (node.isString() && node.asString().startsWith(PersonKeys.PREFIX)) {
            return keys.open(node.asString()).map(JSON::readTree).orElse(tools.jackson.databind.node.NullNode.getInstance());
        }
        if (node instanceof tools.jackson.databind.node.ObjectNode o) {
            for (String name : java.util.List.copyOf(o.propertyNames())) {
                o.set(name, opened(o.get(name)));
            }
        } else if (node instanceof tools.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, opened(a.get(i)));
            }
        }
        return node;
    }
}
