package nl.herkomst.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A value of an event that belongs to one person: their identifier, or text and ids that came from a
 * provider and may name them. In the event store such a value is sealed with a key of that person
 * (crypto-shredding): erasing the person destroys the key, and the value reads back as absent ({@code null},
 * or an empty list) while the rest of the event stays. The owner is the event's {@link PersonId} component,
 * which every event with a personal value has.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Personal {

    /**
     * On an event the person begins themselves (a collection, a share): only such an event may give its owner a data key.
     * Any other event of a person without a key (erased while something of theirs still ran) writes its personal values as
     * absent, so that an erasure is never undone by a late event. A consent is not an origin: it comes from a collection's
     * code exchange, which may end after the person was erased.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Origin {
    }
}
