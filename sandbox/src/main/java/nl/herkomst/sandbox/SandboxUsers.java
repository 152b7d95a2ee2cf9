package nl.herkomst.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.herkomst.sandbox.fhir.FixtureStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who can log in at the sandbox: every Patient in the fixtures, by its resource id, and by its family name
 * where that name is unique; plus the aliases of a {@code sandbox-users.json} in the fixture folder. A
 * patient that has a Nictiz qualification token (QualificationTokens.json) gets that token as its access
 * token, so the TestScripts' request assertions hold.
 */
public final class SandboxUsers {

    private static final Logger log = LoggerFactory.getLogger(SandboxUsers.class);

    private final Map<String, String> patientByUsername = new LinkedHashMap<>();
    private final Map<String, String> tokenByPatient = new HashMap<>();
    private final Map<String, String> patientByToken = new HashMap<>();
    /** Patients of the tokens file without a Patient fixture (e.g. the PDF/A send patient): they can log in and share, and hold no data. */
    private final Map<String, String> sendOnly = new LinkedHashMap<>();

    public SandboxUsers(List<FixtureStore> stores, Path qualificationTokens, InputStream usersJson) {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> familyByPatient = new HashMap<>();
        if (qualificationTokens != null && Files.isReadable(qualificationTokens)) {
            try {
                for (JsonNode n : json.readTree(Files.readString(qualificationTokens))) {
                    String id = n.path("resourceId").asString(null);
                    String token = n.path("accessToken").asString("").replaceFirst("^Bearer\\s+", "");
                    if (id != null && !token.isBlank() && hasPatient(stores, id)) {
                        tokenByPatient.put(id, token);
                        patientByToken.put(token, id);
                        familyByPatient.put(id, n.path("familyName").asString(null));
                    } else if (id != null && !token.isBlank() && id.matches("[A-Za-z0-9\\-.]{1,64}") && !stores.isEmpty()) {
                        tokenByPatient.putIfAbsent(id, token);
                        patientByToken.putIfAbsent(token, id);
                        sendOnly.put(id, id);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("could not read " + qualificationTokens + ": " + e.getMessage(), e);
            }
        }
        Map<String, Integer> familyCount = new HashMap<>();
        familyByPatient.values().forEach(f -> familyCount.merge(f, 1, Integer::sum));
        for (IBaseResource p : stores.stream().flatMap(s -> s.all("Patient").stream()).toList()) {
            String id = p.getIdElement().getIdPart();
            patientByUsername.put(id, id);
            String family = familyByPatient.get(id);
            if (family != null && familyCount.get(family) == 1) {
                patientByUsername.putIfAbsent(family, id);
            }
        }
        if (usersJson != null) {
            try (usersJson) {
                for (JsonNode n : json.readTree(usersJson.readAllBytes())) {
                    String username = n.path("username").asString(null);
                    String patient = n.path("patient").asString(null);
                    if (username != null && patient != null && hasPatient(stores, patient)) {
                        patientByUsername.put(username, patient);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not read sandbox-users.json: " + e.getMessage(), e);
            }
        }
        log.info("Sandbox users: {} logins for {} patients, {} with a qualification token", patientByUsername.size(),
                stores.stream().mapToInt(s -> s.all("Patient").size()).sum(), tokenByPatient.size());
    }

    private static boolean hasPatient(List<FixtureStore> stores, String id) {
        return stores.stream().anyMatch(s -> s.get("Patient", id) != null);
    }

    public Map<String, String> patientByUsername() {
        return Collections.unmodifiableMap(patientByUsername);
    }

    public Optional<String> patientOf(String username) {
        return Optional.ofNullable(patientByUsername.getOrDefault(username, sendOnly.get(username)));
    }

    /** Every login: the fixture patients' and those of the tokens file that have no data here (they can share). */
    public java.util.Set<String> logins() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(patientByUsername.keySet());
        all.addAll(sendOnly.keySet());
        return all;
    }

    public Optional<String> qualificationToken(String patientId) {
        return Optional.ofNullable(tokenByPatient.get(patientId));
    }

    public Optional<String> patientOfQualificationToken(String token) {
        return Optional.ofNullable(patientByToken.get(token));
    }
}
