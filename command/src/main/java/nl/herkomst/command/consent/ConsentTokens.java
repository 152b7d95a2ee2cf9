package nl.herkomst.command.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.event.ConsentGranted;
import nl.herkomst.api.event.ConsentLapsed;
import nl.herkomst.api.event.ConsentWithdrawn;
import nl.herkomst.command.store.SecretVault;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * The refresh tokens of consents, in the vault under {@code refresh:<consentId>}. A token is kept until the
 * consent would lapse (the lapse period after its last use) and deleted as soon as the consent ends.
 */
@ProcessingGroup(ConsentTokens.PROCESSING_GROUP)
@DisallowReplay
public class ConsentTokens {

    public static final String PROCESSING_GROUP = "consent-tokens";
    public static final String KEY = "refresh:";

    private final SecretVault vault;
    private final Duration lapseAfter;

    public ConsentTokens(SecretVault vault, Duration lapseAfter) {
        this.vault = vault;
        this.lapseAfter = lapseAfter;
    }

    public void keep(ConsentId consent, String refreshToken, Instant now) {
        vault.putAt(KEY + consent.value(), refreshToken, now.plus(lapseAfter));
    }

    public Optional<String> get(ConsentId consent) {
        return vault.get(KEY + consent.value());
    }

    public Duration lapseAfter() {
        return lapseAfter;
    }

    /** A consent granted after its person was erased (their code exchange was still running) is never used: its token goes. */
    @EventHandler
    void on(ConsentGranted e) {
        if (e.personId() == null) {
            vault.remove(KEY + e.consentId().value());
        }
    }

    @EventHandler
    void on(ConsentWithdrawn e) {
        vault.remove(KEY + e.consentId().value());
    }

    @EventHandler
    void on(ConsentLapsed e) {
        vault.remove(KEY + e.consentId().value());
    }
}
