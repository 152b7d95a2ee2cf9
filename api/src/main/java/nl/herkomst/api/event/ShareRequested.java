package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.ShareKind;
import nl.herkomst.api.share.SharedEntry;

/**
 * A person asked to share data with a provider. The Bundle was built and validated; it is kept in the
 * content store under {@code bundleSha256} (the event names what it holds, never what it says). When it is
 * valid, the browser is being sent to the provider's authorization endpoint ({@code stateHash} is the
 * SHA-256 of the state); when not, a {@link ShareFailed} follows at once and nothing is sent.
 *
 * @param preferRepresentation whether the POST asks for the created resources ({@code Prefer: return=representation})
 * @param source where the content came from: {@code upload}, {@code entered}, or {@code dossier:<Type>/<id>}
 */
@Personal.Origin
public record ShareRequested(
        ShareId shareId,
        @Personal PersonId personId,
        ShareKind kind,
        String provider,
        String providerDisplayName,
        String gegevensdienst,
        String gegevensdienstName,
        String gegevensdienstVersion,
        String systeemrol,
        String fhirVersion,
        String authorizationEndpoint,
        String tokenEndpoint,
        String resourceEndpoint,
        String clientId,
        String redirectUri,
        String scope,
        String stateHash,
        String correlationId,
        String authorizationRequestId,
        String bundleType,
        boolean preferRepresentation,
        String bundleSha256,
        long bundleSize,
        @Personal List<SharedEntry> entries,
        @Personal String source,
        boolean valid,
        int validationErrors,
        int validationWarnings,
        String validationReportSha256,
        String listVersion,
        String whitelistVersion,
        Instant requestedAt) {

    /** A personal list of an erased person reads back as null: it is an empty list here, so that no reader has to ask. */
    public ShareRequested {
        entries = entries == null ? List.of() : entries;
    }
}
