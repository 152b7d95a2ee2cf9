package nl.herkomst.api.query;

import java.time.Instant;

/**
 * The providers of the Zorgaanbiederslijst whose name contains {@code text} (case-insensitive; null: all)
 * and that offer {@code gegevensdienst} (exact; null: any), from the list in use {@code at} (null: now);
 * answered with a {@link ProviderList}.
 */
public record FindProviders(String text, String gegevensdienst, Instant at, int limit) {
}
