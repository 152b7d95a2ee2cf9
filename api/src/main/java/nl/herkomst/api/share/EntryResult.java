package nl.herkomst.api.share;

/** The provider's answer to one entry of the Bundle: its status line and the location it assigned. */
public record EntryResult(String status, String location) {
}
