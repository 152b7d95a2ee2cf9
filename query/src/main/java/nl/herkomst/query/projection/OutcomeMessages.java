package nl.herkomst.query.projection;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import nl.herkomst.api.OutcomeCode;

/** The Dutch and English texts of every outcome code ({@code herkomst-outcomes.properties}). */
public final class OutcomeMessages {

    private static final Map<OutcomeCode, Map<String, String>> MESSAGES = load();

    private OutcomeMessages() {
    }

    public static Map<String, String> of(String code) {
        if (code == null) {
            return Map.of();
        }
        return MESSAGES.getOrDefault(OutcomeCode.valueOf(code), Map.of());
    }

    private static Map<OutcomeCode, Map<String, String>> load() {
        Properties p = new Properties();
        try (InputStream in = OutcomeMessages.class.getResourceAsStream("/herkomst-outcomes.properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("herkomst-outcomes.properties is missing", e);
        }
        Map<OutcomeCode, Map<String, String>> result = new LinkedHashMap<>();
        for (OutcomeCode code : OutcomeCode.values()) {
            String nl = p.getProperty(code.name() + ".nl");
            String en = p.getProperty(code.name() + ".en");
            if (nl == null || en == null) {
                throw new IllegalStateException("no nl/en message for outcome " + code);
            }
            result.put(code, Map.of("nl", nl, "en", en));
        }
        return Map.copyOf(result);
    }
}
