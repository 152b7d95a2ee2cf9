package nl.herkomst.app;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.command.store.PersonKeys;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The event serializer's side of crypto-shredding: every {@link Personal} value of a message is written as a
 * value sealed with its owner's key ({@link PersonKeys}), and read back as the plain value while the key
 * exists. Once the owner is erased it reads back as absent: {@code null}, or an empty list. The owner is the
 * value itself for a {@link PersonId}, else the {@code PersonId} component of the record that holds it; a
 * record without an owner (one written for an already erased person) writes the value as {@code null}. Only an event
 * marked {@link Personal.Origin} may give an owner a key; any other event of an owner without one (erased while a
 * collection of theirs still ran) writes {@code null} too, so that a late event never makes the person readable again.
 * <p>
 * A plain (unsealed) value, as written before sealing existed, still reads back as it is.
 */
public final class PersonalDataSealing extends SimpleModule {

    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    private static final Map<Class<?>, Optional<RecordComponent>> OWNERS = new ConcurrentHashMap<>();

    private final transient PersonKeys keys;

    public PersonalDataSealing(PersonKeys keys) {
        super("herkomst-personal-data", Version.unknownVersion());
        this.keys = keys;
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new NopAnnotationIntrospector() {
            @Override
            public Object findSerializer(MapperConfig<?> config, Annotated a) {
                return a.hasAnnotation(Personal.class) ? new Sealer(keys) : null;
            }

            @Override
            public Object findDeserializer(MapperConfig<?> config, Annotated a) {
                return a.hasAnnotation(Personal.class) ? new Opener(keys, null) : null;
            }
        });
    }

    /** The owner of a personal value inside {@code holder}: its PersonId component, if it has one and it is set. */
    static PersonId owner(Object holder) {
        if (holder == null) {
            return null;
        }
        Optional<RecordComponent> component = OWNERS.computeIfAbsent(holder.getClass(), c -> c.isRecord()
                ? java.util.Arrays.stream(c.getRecordComponents()).filter(r -> r.getType() == PersonId.class).findFirst()
                : Optional.empty());
        if (component.isEmpty()) {
            return null;
        }
        try {
            return (PersonId) component.get().getAccessor().invoke(holder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the owner of a personal value in " + holder.getClass().getSimpleName(), e);
        }
    }

    static final class Sealer extends ValueSerializer<Object> {
        private final PersonKeys keys;

        Sealer(PersonKeys keys) {
            this.keys = keys;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            PersonId owner = value instanceof PersonId p ? p : owner(gen.currentValue());
            if (owner == null) {
                if (!(value instanceof PersonId) && gen.currentValue() != null && !gen.currentValue().getClass().isRecord()) {
                    throw new IllegalStateException("a personal value outside a record cannot be sealed: " + gen.currentValue().getClass());
                }
                gen.writeNull(); // the owner is erased (or never known): the value is not written at all
                return;
            }
            Object holder = gen.currentValue();
            boolean origin = holder != null && holder.getClass().isAnnotationPresent(Personal.Origin.class);
            java.util.Optional<String> sealed = keys.seal(owner, PLAIN.writeValueAsBytes(value), origin);
            if (sealed.isPresent()) {
                gen.writeString(sealed.get());
            } else {
                gen.writeNull(); // no key, and this event may not make one: the owner was erased while something of theirs still ran
            }
        }
    }

    static final class Opener extends ValueDeserializer<Object> {
        private final PersonKeys keys;
        private final JavaType type;

        Opener(PersonKeys keys, JavaType type) {
            this.keys = keys;
            this.type = type;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new Opener(keys, property == null ? ctxt.getContextualType() : property.getType());
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING && p.getString().startsWith(PersonKeys.PREFIX)) {
                Optional<byte[]> plain = keys.open(p.getString());
                return plain.isPresent() ? PLAIN.readValue(plain.get(), type) : erased();
            }
            JsonNode tree = ctxt.readTree(p);
            return PLAIN.treeToValue(tree, type);
        }

        private Object erased() {
            if (type != null && Collection.class.isAssignableFrom(type.getRawClass())) {
                return java.util.List.of();
            }
            return null;
        }
    }
}
