package nl.herkomst.query.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The person as support staff see them: HMAC-SHA256 of the person id under a configured key, 20 hex
 * characters. Support can follow one person's collections without learning who they are; the front end,
 * which knows the person id and may know the key's output for its own user, can say which ref to look at.
 */
public final class PersonPseudonym {

    private final byte[] key;

    public PersonPseudonym(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("herkomst.support.pseudonym-key must have at least 16 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    public String of(String personId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(personId.getBytes(StandardCharsets.UTF_8))).substring(0, 20);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
