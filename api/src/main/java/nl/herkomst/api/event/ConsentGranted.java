package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/**
 * The provider gave a refresh token with a collection: the person chose long-term consent ("langdurige
 * toestemming"), so the PGO may collect again without them. The refresh token itself is in the vault, never here.
 *
 * @param collectionId the collection whose authorization gave it
 * @param personId {@code null} when the person was erased before the code exchange ended: such a consent is never used
 */
public record ConsentGranted(ConsentId consentId, @Personal PersonId personId, CollectionId collectionId, String provider,
                             String providerDisplayName, String gegevensdienst, String gegevensdienstName, String gegevensdienstVersion,
                             String scope, Instant grantedAt) {
}
