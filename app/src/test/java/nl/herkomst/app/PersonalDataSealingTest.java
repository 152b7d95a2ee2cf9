package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.FetchFailure;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.event.FetchFailed;
import nl.herkomst.api.event.ResourceReceived;
import nl.herkomst.command.store.PersonKeys;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Crypto-shredding in the event serializer, on a real PostgreSQL: sealed at rest, open while the key exists, absent once it is destroyed. */
class PersonalDataSealingTest {

    static EmbeddedPostgres postgres;
    static JdbcTemplate jdbc;
    static final byte[] K1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] K2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/V9__person_keys.sql")));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static Jackson3Serializer serializer(PersonKeys keys) {
        return Jackson3Serializer.builder().jsonMapperBuilderCustomizer(b -> b.polymorphicTypeValidator(AxonSerializationConfiguration.TYPES)
                .addModule(new PersonalDataSealing(keys))).build();
    }

    static FetchFailed failed(String person) {
        return new FetchFailed(new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11"), new PersonId(person), "Flag", 1, "https://rs/Flag", 500,
                FetchFailure.HTTP_ERROR, "no record for J. Biezen", List.of(new OperationOutcomeIssue("error", "not-found", "patient Biezen unknown")),
                null, "r", AT);
    }

    @Test
    void personalValuesAreSealedWithTheOwnersKeyAndReadBackUntilItIsDestroyed() {
        PersonKeys keys = new PersonKeys(jdbc, Map.of("k1", K1), "k1");
        Jackson3Serializer serializer = serializer(keys);
        // a FetchFailed gives no one a key: before the person has one (their first CollectionRequested), its values are absent
        assertThat(new String(serializer.serialize(failed("alice-sealed"), byte[].class).getData(), StandardCharsets.UTF_8))
                .contains("\"personId\":null").doesNotContain("Biezen");
        assertThat(keys.keyId(new PersonId("alice-sealed"))).isEmpty();
        begin(keys, "alice-sealed");
        begin(keys, "bob-sealed");
        FetchFailed event = failed("alice-sealed");
        SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
        String stored = new String(bytes.getData(), StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("alice-sealed").doesNotContain("Biezen").contains("\"query\":\"Flag\"").contains("\"httpStatus\":500")
                .contains("\"personId\":\"" + PersonKeys.PREFIX + keys.keyId(new PersonId("alice-sealed")).orElseThrow() + ":");
        assertThat((FetchFailed) serializer.deserialize(bytes)).isEqualTo(event);
        // another person's values are sealed with another key; the same value twice is sealed differently
        SerializedObject<byte[]> bob = serializer.serialize(failed("bob-sealed"), byte[].class);
        assertThat(keys.keyId(new PersonId("bob-sealed"))).isPresent().isNotEqualTo(keys.keyId(new PersonId("alice-sealed")));
        assertThat(serializer.serialize(event, byte[].class).getData()).isNotEqualTo(bytes.getData());

        assertThat(keys.destroy(new PersonId("alice-sealed"))).isPresent();
        FetchFailed erased = serializer.deserialize(bytes);
        assertThat(erased.personId()).isNull();
        assertThat(erased.message()).isNull();
        assertThat(erased.operationOutcome()).isEmpty();
        assertThat(erased.query()).isEqualTo("Flag");
        assertThat(erased.httpStatus()).isEqualTo(500);
        assertThat(erased.failure()).isEqualTo(FetchFailure.HTTP_ERROR);
        // a fresh instance (another node, or after a restart) cannot open it either; bob is untouched
        Jackson3Serializer fresh = serializer(new PersonKeys(jdbc, Map.of("k1", K1), "k1"));
        assertThat(((FetchFailed) fresh.deserialize(bytes)).personId()).isNull();
        assertThat(((FetchFailed) fresh.deserialize(bob)).personId()).isEqualTo(new PersonId("bob-sealed"));
        // a late event of the erased person (a collection still running) does not give them a key again
        assertThat(new String(serializer.serialize(failed("alice-sealed"), byte[].class).getData(), StandardCharsets.UTF_8))
                .contains("\"personId\":null").doesNotContain("alice-sealed");
        assertThat(keys.keyId(new PersonId("alice-sealed"))).isEmpty();
        assertThat(((FetchFailed) serializer.deserialize(serializer.serialize(failed("alice-sealed"), byte[].class))).operationOutcome())
                .as("a late event's list, written as null").isNotNull().isEmpty();
        // an event written for an erased owner (a null person) writes no personal value at all
        FetchFailed ownerless = new FetchFailed(event.collectionId(), null, "Flag", 1, "u", 500, FetchFailure.HTTP_ERROR, "text of nobody",
                List.of(new OperationOutcomeIssue("error", "x", "nobody")), null, "r", AT);
        assertThat(new String(serializer.serialize(ownerless, byte[].class).getData(), StandardCharsets.UTF_8))
                .doesNotContain("text of nobody").doesNotContain("nobody").contains("\"message\":null");
    }

    /** What the person's first CollectionRequested or ShareRequested does: it gives them a data key. */
    static void begin(PersonKeys keys, String person) {
        keys.seal(new PersonId(person), new byte[0]);
    }

    @Test
    void aPlainValueWrittenBeforeSealingReadsBackAndADamagedOneIsAbsent() {
        PersonKeys carol = new PersonKeys(jdbc, Map.of("k1", K1), "k1");
        begin(carol, "carol-plain");
        Jackson3Serializer serializer = serializer(carol);
        Jackson3Serializer plain = Jackson3Serializer.builder().build();
        ResourceReceived old = new ResourceReceived(new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b12"), new PersonId("carol-plain"), "Patient", 1,
                "a".repeat(64), 0, "Patient", "nl-core-Patient-Carol", "1", List.of(), "match", "R4", AT);
        SerializedObject<byte[]> written = plain.serialize(old, byte[].class);
        assertThat(new String(written.getData(), StandardCharsets.UTF_8)).contains("carol-plain");
        assertThat((ResourceReceived) serializer.deserialize(written)).isEqualTo(old);

        SerializedObject<byte[]> sealed = serializer.serialize(old, byte[].class);
        String damaged = new String(sealed.getData(), StandardCharsets.UTF_8).replaceFirst("(\"resourceId\":\"sealed:v1:[^:]+:)A", "$1B")
                .replaceFirst("(\"resourceId\":\"sealed:v1:[^:]+:)[^A]", "$1A");
        ResourceReceived back = serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                damaged.getBytes(StandardCharsets.UTF_8), byte[].class, sealed.getType()));
        assertThat(back.resourceId()).isNull();
        assertThat(back.personId()).isEqualTo(new PersonId("carol-plain"));
    }

    @Test
    void aVaultKeyRotationWrapsThePersonKeysAnew() {
        PersonKeys before = new PersonKeys(jdbc, Map.of("k1", K1), "k1");
        begin(before, "dave-rotated");
        SerializedObject<byte[]> bytes = serializer(before).serialize(failed("dave-rotated"), byte[].class);
        PersonKeys after = new PersonKeys(jdbc, Map.of("k1", K1, "k2", K2), "k2");
        assertThat(after.rewrap()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("select distinct wrapping_key_id from person_key", String.class)).containsExactly("k2");
        PersonKeys onlyNew = new PersonKeys(jdbc, Map.of("k2", K2), "k2");
        assertThat(((FetchFailed) serializer(onlyNew).deserialize(bytes)).personId()).isEqualTo(new PersonId("dave-rotated"));
    }

    /** Every person id in an event is sealed, every event with a sealed value names its owner, and no personal list reads back as null. */
    @Test
    void everyEventWithPersonalValuesHasItsOwnerAndEveryPersonIdIsPersonal() throws Exception {
        List<String> problems = new ArrayList<>();
        int events = 0;
        try (var classes = Files.list(Path.of("../api/src/main/java/nl/herkomst/api/event"))) {
            for (Path f : classes.toList()) {
                Class<?> c = Class.forName("nl.herkomst.api.event." + f.getFileName().toString().replace(".java", ""));
                if (!c.isRecord()) {
                    continue;
                }
                events++;
                RecordComponent[] components = c.getRecordComponents();
                boolean personal = Arrays.stream(components).anyMatch(r -> r.isAnnotationPresent(Personal.class));
                boolean owner = Arrays.stream(components).anyMatch(r -> r.getType() == PersonId.class);
                for (RecordComponent r : components) {
                    if (r.getType() == PersonId.class && !r.isAnnotationPresent(Personal.class)) {
                        problems.add(c.getSimpleName() + "." + r.getName() + " is a person id that is not @Personal");
                    }
                }
                if (personal && !owner) {
                    problems.add(c.getSimpleName() + " has personal values and no PersonId to seal them with");
                }
                // an erased owner's list reads back as null: the event must make it an empty list, or a projection fails on it
                Object[] nothing = Arrays.stream(components).map(r -> r.getType() == boolean.class ? (Object) false
                        : r.getType() == int.class ? (Object) 0 : r.getType() == long.class ? (Object) 0L : null).toArray();
                Object read = c.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
                        .newInstance(nothing);
                for (RecordComponent r : components) {
                    if (r.isAnnotationPresent(Personal.class) && List.class.isAssignableFrom(r.getType()) && r.getAccessor().invoke(read) == null) {
                        problems.add(c.getSimpleName() + "." + r.getName() + " is a personal list that can read back as null");
                    }
                }
            }
        }
        assertThat(events).as("the event records read").isGreaterThanOrEqualTo(19);
        assertThat(problems).isEmpty();
    }
}
