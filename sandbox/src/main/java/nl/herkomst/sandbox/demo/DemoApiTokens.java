package nl.herkomst.sandbox.demo;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * API tokens for demo users (the default run only): a JWT for a subject and one role, signed with a key the
 * sandbox makes at start. The backend trusts this issuer only while the sandbox runs beside it. A real
 * deployment has its own identity provider (the PGO's login), configured as the API's issuer.
 */
public final class DemoApiTokens {

    public static final Set<String> ROLES = Set.of("PERSON", "SUPPORT", "AUDITOR", "ADMIN");
    public static final String AUDIENCE = "herkomst-api";
    /** The backend's rule for a person id: a letter or digit first, then up to 63 of A-Z a-z 0-9 . _ -; never nine digits (a BSN). */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String issuer;
    private final Duration lifetime;
    private final RSAKey key;
    private final NimbusJwtEncoder encoder;

    /** @param keyFile where the signing key is kept (PKCS#8 PEM, made when missing), so that tokens outlive a restart */
    public DemoApiTokens(String issuer, Duration lifetime, java.nio.file.Path keyFile) {
        this.issuer = issuer;
        this.lifetime = lifetime;
        try {
            RSAPrivateKey privateKey;
            RSAPublicKey publicKey;
            if (java.nio.file.Files.isReadable(keyFile)) {
                byte[] der = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(keyFile)
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
                java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
                privateKey = (RSAPrivateKey) rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
                java.security.interfaces.RSAPrivateCrtKey crt = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
                publicKey = (RSAPublicKey) rsa.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            } else {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                KeyPair pair = gen.generateKeyPair();
                privateKey = (RSAPrivateKey) pair.getPrivate();
                publicKey = (RSAPublicKey) pair.getPublic();
                java.nio.file.Files.createDirectories(keyFile.toAbsolutePath().getParent());
                java.nio.file.Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
                java.nio.file.Files.writeString(tmp, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(privateKey.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
                try {
                    java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                java.nio.file.Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            this.key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
            // the public key beside it, for a backend that verifies the demo tokens from a file (herkomst.api.jwt.public-key)
            java.nio.file.Files.writeString(keyFile.resolveSibling("api-token-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        } catch (java.io.IOException | java.security.GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("the demo API token key could not be read or made (" + keyFile + "): " + e.getMessage(), e);
        }
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    /** A token for {@code subject} in {@code role}; refuses (IllegalArgumentException) what is not a demo user. */
    public String issue(String subject, String role) {
        if (subject == null || !SUBJECT.matcher(subject).matches() || subject.matches("\\d{9}")) {
            throw new IllegalArgumentException("subject must be a letter or digit, then up to 63 of A-Z a-z 0-9 . _ - (and not nine digits)");
        }
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of PERSON, SUPPORT, AUDITOR, ADMIN");
        }
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(subject).audience(List.of(AUDIENCE)).issuedAt(now)
                .expiresAt(now.plus(lifetime)).id(UUID.randomUUID().toString()).claim("roles", List.of(role)).build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    public String issuer() {
        return issuer;
    }

    public long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWK Set, for a backend that fetches it. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }
}
