package nl.herkomst.app.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash that chains an event to the previous event of its aggregate's stream: SHA-256 over the previous
 * hash and everything stored of the event (identifier, aggregate type and identifier, sequence number,
 * time stamp, payload type and revision, the SHA-256 of the payload bytes as stored, and the metadata
 * without the chain's own keys, in key order). Appending and verifying compute it with this one function.
 */
public final class EventChain {

    /** The metadata key of the event's own hash. */
    public static final String HASH = "herkomst.chain.hash";
    /** The metadata key of the previous event's hash in the same stream ({@link #GENESIS} for the first). */
    public static final String PREVIOUS = "herkomst.chain.previous";
    public static final String GENESIS = "0".repeat(64);

    private EventChain() {
    }

    public record Fields(String eventId, String aggregateType, String aggregateId, long sequence, String timestamp, String payloadType,
                         String payloadRevision, byte[] payload, Map<String, ?> metaData) {
    }

    public static String hash(String previous, Fields f) {
        MessageDigest d = sha256();
        StringBuilder sb = new StringBuilder(512);
        sb.append("herkomst-event-chain-1\n").append(previous).append('\n').append(f.eventId()).append('\n')
                .append(f.aggregateType()).append('\n').append(f.aggregateId()).append('\n').append(f.sequence()).append('\n')
                .append(f.timestamp()).append('\n').append(f.payloadType()).append('\n').append(f.payloadRevision()).append('\n')
                .append(hex(sha256().digest(f.payload()))).append('\n');
        new TreeMap<>(f.metaData()).forEach((k, v) -> {
            if (!k.equals(HASH) && !k.equals(PREVIOUS)) {
                sb.append(k.length()).append(':').append(k).append('=').append(String.valueOf(v).length()).append(':').append(v).append('\n');
            }
        });
        return hex(d.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The metadata of an event row as stored (the event serializer's bytes); empty when there is none. */
    public static org.axonframework.messaging.MetaData metaData(org.axonframework.serialization.Serializer serializer, byte[] bytes) {
        if (bytes == null) {
            return org.axonframework.messaging.MetaData.emptyInstance();
        }
        return serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(bytes, byte[].class,
                new org.axonframework.serialization.SimpleSerializedType(org.axonframework.messaging.MetaData.class.getName(), null)));
    }

    /** The chain hash in an event row's metadata ({@link #GENESIS} when the event was appended without one). */
    public static String hashIn(org.axonframework.serialization.Serializer serializer, byte[] metaData) {
        Object h = metaData(serializer, metaData).get(HASH);
        return h == null ? GENESIS : h.toString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
