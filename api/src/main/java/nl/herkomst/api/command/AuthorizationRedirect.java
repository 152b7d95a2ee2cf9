package nl.herkomst.api.command;

import nl.herkomst.api.CollectionId;

/** The answer to {@link RequestCollection}: the URL of the provider's authorization endpoint to redirect to. */
public record AuthorizationRedirect(CollectionId collectionId, String authorizationUrl) {
}
