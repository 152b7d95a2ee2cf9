package nl.herkomst.query.elements;

import tools.jackson.databind.JsonNode;

/** How a referenced resource is called for people: its name, its coded meaning, or its type and id. */
public final class Displays {
    private Displays() {
    }

    public static String of(JsonNode resource) {
        JsonNode name = resource.path("name");
        if (name.isArray() && !name.isEmpty()) {
            JsonNode n = name.get(0);
            if (n.hasNonNull("text")) {
                return n.get("text").asString();
            }
            StringBuilder sb = new StringBuilder();
            n.path("prefix").forEach(p -> sb.append(p.asString()).append(' '));
            n.path("given").forEach(g -> sb.append(g.asString()).append(' '));
            if (n.hasNonNull("family")) {
                sb.append(n.get("family").asString());
            }
            if (!sb.toString().isBlank()) {
                return sb.toString().trim();
            }
        }
        if (name.isString()) {
            return name.asString();
        }
        for (String field : new String[] {"code", "type", "vaccineCode", "medicationCodeableConcept"}) {
            JsonNode concept = resource.path(field);
            if (concept.hasNonNull("text")) {
                return concept.get("text").asString();
            }
            JsonNode coding = concept.path("coding");
            if (coding.isArray() && !coding.isEmpty() && coding.get(0).hasNonNull("display")) {
                return coding.get(0).get("display").asString();
            }
        }
        return resource.path("resourceType").asString("") + "/" + resource.path("id").asString("");
    }
}
