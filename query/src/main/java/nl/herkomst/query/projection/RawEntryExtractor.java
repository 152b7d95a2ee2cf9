package nl.herkomst.query.projection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cuts the resources out of a FHIR JSON searchset Bundle byte for byte, so the dossier keeps each resource
 * exactly as the provider wrote it (no element dropped, decimals and unknown extensions untouched).
 */
public final class RawEntryExtractor {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private RawEntryExtractor() {
    }

    /**
     * The raw JSON of {@code entry[i].resource} for every entry, in order; null where an entry has none. A
     * response that is a single resource (a read) is that one resource.
     */
    public static List<String> resources(byte[] bundle) {
        List<String> result = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(bundle)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("resourceType".equals(name) && value == JsonToken.VALUE_STRING && !"Bundle".equals(p.getString())) {
                    return List.of(new String(bundle, StandardCharsets.UTF_8).strip());
                }
                if ("entry".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        result.add(resourceOfEntry(p, bundle));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return result;
    }

    private static String resourceOfEntry(JsonParser p, byte[] bundle) {
        String resource = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("resource".equals(name) && value == JsonToken.START_OBJECT) {
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                long end = p.currentLocation().getByteOffset();
                resource = new String(bundle, (int) start, (int) (end - start), StandardCharsets.UTF_8);
            } else {
                p.skipChildren();
            }
        }
        return resource;
    }
}
