package nl.herkomst.app;

import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Axon's Jackson 3 serializer refuses polymorphic values of base type {@code Object} by default. Axon's
 * own {@code ReplayToken} has one (its replay context), and a processor that starts on an existing event
 * store stores such a token: without this, its token cannot be read back and the projection never
 * rebuilds. Only Axon's, Herkomst's and plain JDK value types are allowed as subtypes.
 */
@Configuration(proxyBeanMethods = false)
public class AxonSerializationConfiguration {

    public static final BasicPolymorphicTypeValidator TYPES = BasicPolymorphicTypeValidator.builder()
            .allowIfSubType("org.axonframework.")
            .allowIfSubType("nl.herkomst.")
            .allowIfSubType("java.lang.")
            .allowIfSubType("java.util.")
            .allowIfSubType("java.time.")
            .build();

    /** Polymorphic types as above; every {@link nl.herkomst.api.Personal} value sealed with its owner's key. */
    @Bean
    Jackson3SerializerCustomizer polymorphicTypesAndPersonalData(nl.herkomst.command.store.PersonKeys personKeys) {
        return builder -> builder.polymorphicTypeValidator(TYPES).addModule(new PersonalDataSealing(personKeys));
    }
}
