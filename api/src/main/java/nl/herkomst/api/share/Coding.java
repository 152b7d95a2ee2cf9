package nl.herkomst.api.share;

/** A code as the person's front end chose it (e.g. the type of a document). */
public record Coding(String system, String code, String display) {
}
