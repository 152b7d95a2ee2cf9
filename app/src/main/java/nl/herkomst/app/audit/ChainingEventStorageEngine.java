package nl.herkomst.app.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts the tamper-evidence chain into the metadata of every event as it is appended: each event's
 * {@link EventChain#HASH} covers its payload and metadata and the {@link EventChain#PREVIOUS} hash of the
 * event before it in the same aggregate stream (Axon appends one aggregate's events under that aggregate's
 * lock, so the previous event is known). Everything else is the wrapped engine's.
 */
public class ChainingEventStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final java.util.function.Supplier<Serializer> serializers;
    private final java.util.function.Supplier<JdbcTemplate> jdbcs;
    private volatile Serializer serializer;
    private volatile JdbcTemplate jdbc;

    /** The serializer must be the one the wrapped engine stores events with; both are looked up on first use. */
    public ChainingEventStorageEngine(EventStorageEngine delegate, java.util.function.Supplier<Serializer> serializer,
                                      java.util.function.Supplier<JdbcTemplate> jdbc) {
        this.delegate = delegate;
        this.serializers = serializer;
        this.jdbcs = jdbc;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (serializer == null) {
            serializer = serializers.get();
            jdbc = jdbcs.get();
        }
        Map<String, String> last = new HashMap<>();
        List<EventMessage<?>> chained = new ArrayList<>(events.size());
        for (EventMessage<?> e : events) {
            if (!(e instanceof DomainEventMessage<?> d)) {
                chained.add(e);
                continue;
            }
            String previous = last.containsKey(d.getAggregateIdentifier()) ? last.get(d.getAggregateIdentifier())
                    : previousHash(d.getAggregateIdentifier(), d.getSequenceNumber());
            // serialized once: personal values are sealed with a fresh nonce each time, so the bytes hashed must be the bytes stored
            org.axonframework.serialization.SerializedObject<byte[]> payload = serializer.serialize(d.getPayload(), byte[].class);
            String hash = EventChain.hash(previous, fields(d, payload.getData()));
            last.put(d.getAggregateIdentifier(), hash);
            chained.add(new Serialized<>(d, d.getMetaData().mergedWith(Map.of(EventChain.PREVIOUS, previous, EventChain.HASH, hash)), serializer,
                    payload));
        }
        delegate.appendEvents(chained);
    }

    /** An event whose payload is stored as the bytes it was hashed as. */
    static final class Serialized<T> extends org.axonframework.eventhandling.GenericDomainEventMessage<T> {
        private final transient Serializer serializer;
        private final transient org.axonframework.serialization.SerializedObject<byte[]> payload;

        Serialized(DomainEventMessage<T> d, org.axonframework.messaging.MetaData metaData, Serializer serializer,
                   org.axonframework.serialization.SerializedObject<byte[]> payload) {
            super(d.getType(), d.getAggregateIdentifier(), d.getSequenceNumber(),
                    new org.axonframework.messaging.GenericMessage<>(d.getIdentifier(), d.getPayloadType(), d.getPayload(), metaData), d.getTimestamp());
            this.serializer = serializer;
            this.payload = payload;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> org.axonframework.serialization.SerializedObject<S> serializePayload(Serializer s, Class<S> expectedRepresentation) {
            if (s == serializer && expectedRepresentation == byte[].class) {
                return (org.axonframework.serialization.SerializedObject<S>) payload;
            }
            return super.serializePayload(s, expectedRepresentation);
        }
    }

    EventChain.Fields fields(DomainEventMessage<?> d, byte[] payload) {
        SerializedType type = serializer.typeForClass(d.getPayloadType());
        return new EventChain.Fields(d.getIdentifier(), d.getType(), d.getAggregateIdentifier(), d.getSequenceNumber(),
                org.axonframework.common.DateTimeUtils.formatInstant(d.getTimestamp()), type.getName(), type.getRevision(), payload,
                d.getMetaData());
    }

    /** The hash of the stream's previous event, read from its stored metadata ({@link EventChain#GENESIS} for the first). */
    private String previousHash(String aggregateId, long sequence) {
        if (sequence == 0) {
            return EventChain.GENESIS;
        }
        List<byte[]> meta = jdbc.query("select meta_data from domain_event_entry where aggregate_identifier = ? and sequence_number = ?",
                (rs, i) -> rs.getBytes(1), aggregateId, sequence - 1);
        return meta.isEmpty() ? EventChain.GENESIS : EventChain.hashIn(serializer, meta.get(0));
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(java.time.Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
