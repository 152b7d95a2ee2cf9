package nl.herkomst.query.elements;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads FHIR JSON into a tree without changing a value: decimals stay exact with their own scale
 * ({@code 128.50} is not {@code 128.5}: precision is part of a measurement).
 */
public final class FhirJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private FhirJson() {
    }

    public static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }

    /** A scalar as the provider wrote it: strings without quotes, numbers in plain notation. */
    static String text(JsonNode scalar) {
        if (scalar.isString()) {
            return scalar.asString();
        }
        if (scalar.isBigDecimal()) {
            return scalar.decimalValue().toPlainString();
        }
        return scalar.toString();
    }
}
