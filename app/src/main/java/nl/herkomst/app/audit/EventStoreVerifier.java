package nl.herkomst.app.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the whole store and reports the first broken link: every event's hash recomputed from its row and
 * chained to the previous event of its stream (no gap in the sequence numbers), every checkpoint recomputed
 * over the events of its range in global order, and every stored response's bytes against their SHA-256.
 * Reads only; rows are streamed in a read-only transaction.
 */
public class EventStoreVerifier {

    /** Where the first problem is. */
    public record Break(String kind, Long globalIndex, String aggregateId, Long sequence, String reason) {
    }

    /** {@code erasedStreams}: collections and shares of erased persons, whose stored responses are gone by design. */
    public record Report(boolean ok, long events, long streams, long unchained, long checkpoints, long checkedUpTo, String head,
                         long responses, long durationMillis, Break firstBreak, long erasedStreams) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Serializer serializer;

    private nl.herkomst.command.store.PersonKeys keys;

    /** Erased persons' streams are told by their sealed person id, whose key is gone. */
    public EventStoreVerifier erasuresFrom(nl.herkomst.command.store.PersonKeys keys) {
        this.keys = keys;
        return this;
    }

    public EventStoreVerifier(javax.sql.DataSource dataSource, TransactionTemplate readOnly, Serializer serializer) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
        this.readOnly = readOnly;
        this.serializer = serializer;
    }

    public Report verify() {
        long start = System.nanoTime();
        return readOnly.execute(tx -> {
            // events appended before tamper evidence began carry no chain; after the first chained one, every event must
            Long firstChained = jdbc.queryForObject("select min(global_index) from domain_event_entry "
                    + "where convert_from(meta_data, 'UTF8') like '%herkomst.chain.hash%'", Long.class);
            StreamWalk walk = new StreamWalk(firstChained);
            jdbc.query("""
                    select global_index, event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type,
                      payload_revision, payload, meta_data from domain_event_entry order by aggregate_identifier, sequence_number""", (RowCallbackHandler) rs -> {
                walk.accept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
            });
            CheckpointWalk checkpoints = new CheckpointWalk(jdbc.query(
                    "select upto_global_index, events, hash, previous from audit_checkpoint order by upto_global_index",
                    (rs, i) -> new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))));
            if (walk.broken == null && !checkpoints.list.isEmpty()) {
                jdbc.query("select global_index, meta_data from domain_event_entry where global_index <= ? order by global_index",
                        (RowCallbackHandler) rs -> checkpoints.accept(rs.getLong(1), hashOf(rs.getBytes(2))), checkpoints.list.get(checkpoints.list.size() - 1).upto());
                checkpoints.finish();
            }
            long[] responses = {0};
            Break[] responseBreak = {null};
            if (walk.broken == null && checkpoints.broken == null) {
                jdbc.query("select sha256, content from response_body order by sha256", (RowCallbackHandler) rs -> {
                    responses[0]++;
                    String sha = rs.getString(1);
                    walk.referenced.remove(sha);
                    if (responseBreak[0] == null && !EventChain.hex(EventChain.sha256().digest(rs.getBytes(2))).equals(sha)) {
                        responseBreak[0] = new Break("response", null, null, null,
                                "stored response " + sha + ": its bytes no longer have that SHA-256");
                    }
                });
            }
            if (walk.broken == null && checkpoints.broken == null && responseBreak[0] == null && !walk.referenced.isEmpty()) {
                var missing = walk.referenced.entrySet().stream().min(java.util.Map.Entry.comparingByValue()).orElseThrow();
                responseBreak[0] = new Break("response", missing.getValue(), null, null, "stored response " + missing.getKey()
                        + ", named by this event, is missing from the content store");
            }
            Break first = walk.broken != null ? walk.broken : checkpoints.broken != null ? checkpoints.broken : responseBreak[0];
            String head = checkpoints.list.isEmpty() ? null : checkpoints.list.get(checkpoints.list.size() - 1).hash();
            return new Report(first == null, walk.events, walk.streams, walk.unchained, checkpoints.list.size(),
                    checkpoints.list.isEmpty() ? 0 : checkpoints.list.get(checkpoints.list.size() - 1).upto(), head, responses[0],
                    (System.nanoTime() - start) / 1_000_000, first, walk.erasedStreams);
        });
    }

    private MetaData metaData(byte[] bytes) {
        return EventChain.metaData(serializer, bytes);
    }

    private String hashOf(byte[] meta) {
        return EventChain.hashIn(serializer, meta);
    }

    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\"(?:responseSha256|sha256)\"\\s*:\\s*\"([0-9a-f]{64})\"");

    private final class StreamWalk {
        final Long firstChained;
        /** The stored responses the events name, with the first event that names each. */
        final java.util.Map<String, Long> referenced = new java.util.HashMap<>();
        long events;
        long streams;
        long unchained;
        long erasedStreams;
        boolean erased;
        String aggregate;
        long lastSequence;
        String lastHash;
        Break broken;

        StreamWalk(Long firstChained) {
            this.firstChained = firstChained;
        }

        void accept(long global, String id, String type, String aggregateId, long sequence, String timestamp, String payloadType,
                    String revision, byte[] payload, byte[] meta) {
            events++;
            if (broken != null) {
                return;
            }
            boolean first = !aggregateId.equals(aggregate);
            if (first) {
                streams++;
                aggregate = aggregateId;
                erased = erasedPerson(payloadType, payload);
                if (erased) {
                    erasedStreams++;
                }
                lastHash = EventChain.GENESIS;
                if (sequence != 0) {
                    broken = new Break("event", global, aggregateId, sequence, "the stream starts at sequence " + sequence
                            + ": the events before it are missing");
                    return;
                }
            } else if (sequence != lastSequence + 1) {
                broken = new Break("event", global, aggregateId, sequence, "sequence " + (lastSequence + 1) + " to " + (sequence - 1)
                        + " of the stream are missing");
                return;
            }
            lastSequence = sequence;
            MetaData m;
            try {
                m = metaData(meta);
            } catch (RuntimeException e) {
                broken = new Break("event", global, aggregateId, sequence, "its metadata cannot be read: " + e.getClass().getSimpleName());
                return;
            }
            java.util.regex.Matcher ref = REFERENCE.matcher(new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1));
            while (ref.find() && !erased) {
                referenced.putIfAbsent(ref.group(1), global);
            }
            Object stored = m.get(EventChain.HASH);
            Object previous = m.get(EventChain.PREVIOUS);
            if (stored == null) {
                if (firstChained != null && global > firstChained) {
                    broken = new Break("event", global, aggregateId, sequence,
                            "it carries no chain hash, yet it was stored after tamper evidence began (an inserted or rewritten event)");
                    return;
                }
                unchained++;
                lastHash = EventChain.GENESIS;
                return;
            }
            if (!lastHash.equals(String.valueOf(previous))) {
                broken = new Break("event", global, aggregateId, sequence, "its previous-hash does not match the event before it in the stream");
                return;
            }
            String recomputed = EventChain.hash(String.valueOf(previous), new EventChain.Fields(id, type, aggregateId, sequence, timestamp,
                    payloadType, revision, payload, m));
            if (!recomputed.equals(stored.toString())) {
                broken = new Break("event", global, aggregateId, sequence,
                        "its payload or metadata changed after it was appended (recomputed hash differs from the stored one)");
                return;
            }
            lastHash = recomputed;
        }
    }

    record Checkpoint(long upto, long events, String hash, String previous) {
    }

    private static final class CheckpointWalk {
        final List<Checkpoint> list;
        int index;
        long count;
        String previous = EventChain.GENESIS;
        MessageDigest digest;
        Break broken;

        CheckpointWalk(List<Checkpoint> list) {
            this.list = list;
            start();
        }

        void start() {
            digest = EventChain.sha256();
            digest.update(("herkomst-checkpoint-1\n" + previous + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            count = 0;
        }

        void accept(long global, String eventHash) {
            while (broken == null && index < list.size() && global > list.get(index).upto()) {
                close();
            }
            if (broken != null || index >= list.size()) {
                return;
            }
            digest.update((global + ":" + eventHash + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            count++;
        }

        void finish() {
            while (broken == null && index < list.size()) {
                close();
            }
        }

        private void close() {
            Checkpoint c = list.get(index);
            String hash = EventChain.hex(digest.digest());
            if (!c.previous().equals(previous) || c.events() != count || !Arrays.equals(hash.getBytes(), c.hash().getBytes())) {
                broken = new Break("checkpoint", c.upto(), null, null, "checkpoint " + (index + 1) + " (events up to global index " + c.upto()
                        + "): " + (c.events() != count ? "it counted " + c.events() + " events, the store now has " + count + " in its range"
                        : "the events of its range are not the ones it covered (changed, removed or added)"));
                return;
            }
            previous = hash;
            index++;
            start();
        }
    }

    /** Whether this first event of a stream names a person whose key is destroyed (an erasure deleted what the stream refers to). */
    private boolean erasedPerson(String payloadType, byte[] payload) {
        if (keys == null || payloadType == null
                || !(payloadType.endsWith(".CollectionRequested") || payloadType.endsWith(".ShareRequested"))) {
            return false;
        }
        try {
            String person = JSON.readTree(payload).path("personId").asString("");
            return person.startsWith(nl.herkomst.command.store.PersonKeys.PREFIX) && keys.open(person).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
}
