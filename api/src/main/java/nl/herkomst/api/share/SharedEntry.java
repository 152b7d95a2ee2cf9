package nl.herkomst.api.share;

/** One entry of a Bundle as sent: what it is, never what it says. */
public record SharedEntry(String fullUrl, String resourceType, String profile, String method) {
}
