package nl.herkomst.command.share;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.herkomst.api.share.ShareKind;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What this deployment can share, per kind, as configuration ({@code herkomst.shares.<kind>}, defaults in
 * {@code herkomst-gegevensdiensten.yml}): the Delen gegevensdienst, its version and systeemrol, the FHIR
 * version and Bundle type its builder produces, and whether the provider is asked to answer with the
 * created resources ({@code Prefer: return=representation}). As for collecting, a share is only made when
 * {@code <gegevensdienst>@<version>} is in {@code herkomst.qualified}.
 */
@ConfigurationProperties("herkomst")
public record ShareCatalog(Map<String, ShareService> shares) {

    public record ShareService(String gegevensdienst, String name, String version, String systeemrol, String fhirVersion, String bundleType,
                               boolean preferRepresentation) {
    }

    public ShareCatalog {
        Map<String, ShareService> copy = new HashMap<>();
        if (shares != null) {
            shares.forEach((key, s) -> {
                ShareKind kind;
                try {
                    kind = ShareKind.of(key);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("herkomst.shares." + key + ": not a kind of share (document, measurements, patient-correction)");
                }
                String fhir = kind == ShareKind.PATIENT_CORRECTION ? "R4" : "STU3";
                String type = kind == ShareKind.MEASUREMENTS ? "batch" : "transaction";
                if (s.gegevensdienst() == null || s.gegevensdienst().isBlank() || s.version() == null || s.systeemrol() == null) {
                    throw new IllegalArgumentException("herkomst.shares." + key + " needs gegevensdienst, version and systeemrol");
                }
                if (!fhir.equals(s.fhirVersion())) {
                    throw new IllegalArgumentException("herkomst.shares." + key + ": its Bundle is built in FHIR " + fhir + ", not " + s.fhirVersion());
                }
                if (!type.equals(s.bundleType())) {
                    throw new IllegalArgumentException("herkomst.shares." + key + ": its Bundle is a " + type + " (qualification.md §1.4), not " + s.bundleType());
                }
                copy.put(kind.key(), s);
            });
        }
        shares = Map.copyOf(copy);
    }

    public Optional<ShareService> find(ShareKind kind) {
        return Optional.ofNullable(shares.get(kind.key()));
    }
}
