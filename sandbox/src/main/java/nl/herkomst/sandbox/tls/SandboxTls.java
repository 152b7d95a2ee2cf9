package nl.herkomst.sandbox.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's own certificate authority and its HTTPS server certificate for {@code localhost} and
 * {@code 127.0.0.1}, made on first start and kept in a folder ({@code ca.pem}, {@code server.pem},
 * {@code server-key.pem}), and a client certificate for the PGO ({@code client.pem}, {@code client-key.pem}).
 * The backend's demo configuration trusts {@code ca.pem}, verifies the host name as for any provider, and
 * presents the client certificate (mutual TLS); the sandbox accepts only client certificates of its CA.
 */
public final class SandboxTls {

    /**
     * @param clientCertificate a client certificate for the PGO (its OCL host name), issued by the same CA: what a
     *                          DVP presents on the back channel (mutual TLS); with its chain
     */
    public record Files3(Path caCertificate, Path serverCertificate, Path serverKey, Path clientCertificate, Path clientKey) {
    }

    private SandboxTls() {
    }

    public static synchronized Files3 ensure(Path dir) {
        return ensure(dir, "localhost");
    }

    public static synchronized Files3 ensure(Path dir, String host) {
        return ensure(dir, host, "herkomst.localhost");
    }

    /**
     * The certificates in {@code dir}, made when missing or when the server certificate does not name
     * {@code host} ({@code localhost} and {@code 127.0.0.1} are always named too).
     */
    public static synchronized Files3 ensure(Path dir, String host, String client) {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        Path clientCert = dir.resolve("client.pem");
        Path clientKey = dir.resolve("client-key.pem");
        try {
            if (Files.isReadable(ca) && Files.isReadable(cert) && Files.isReadable(key) && Files.isReadable(caKey) && names(cert, host)
                    && Files.isReadable(clientCert) && Files.isReadable(clientKey) && names(clientCert, client)) {
                return new Files3(ca, cert, key, clientCert, clientKey);
            }
            Files.createDirectories(dir);
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            KeyPair caPair = gen.generateKeyPair();
            KeyPair serverPair = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=Herkomst Sandbox CA,O=Herkomst sandbox (not for production)");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), caName, caPair.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caBuilder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caPair.getPublic()));
            X509Certificate caCert = sign(caBuilder, caPair);

            JcaX509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=" + host + ",O=Herkomst sandbox"), serverPair.getPublic());
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serverBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            serverBuilder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, host), new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            serverBuilder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = sign(serverBuilder, caPair);

            KeyPair clientPair = gen.generateKeyPair();
            JcaX509v3CertificateBuilder clientBuilder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=" + client + ",O=Herkomst demo PGO"), clientPair.getPublic());
            clientBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            clientBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            clientBuilder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}));
            clientBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, client)));
            clientBuilder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate clientCertificate = sign(clientBuilder, caPair);

            write(caKey, pem(caPair.getPrivate()), true);
            write(key, pem(serverPair.getPrivate()), true);
            write(clientKey, pem(clientPair.getPrivate()), true);
            write(cert, pem(serverCert) + pem(caCert), false);
            write(clientCert, pem(clientCertificate) + pem(caCert), false);
            write(ca, pem(caCert), false);
            return new Files3(ca, cert, key, clientCert, clientKey);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the sandbox certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean names(Path certificate, String host) {
        try (java.io.InputStream in = Files.newInputStream(certificate)) {
            X509Certificate c = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (c.getSubjectAlternativeNames() == null) {
                return false;
            }
            return c.getSubjectAlternativeNames().stream().anyMatch(n -> host.equals(n.get(1)));
        } catch (Exception e) {
            return false;
        }
    }

    /** An SSL context that trusts exactly the given CA (clients of the sandbox: tests, the dry run). */
    public static javax.net.ssl.SSLContext trusting(Path caPem) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** An SSL context that trusts the given CA and presents a client certificate (its PEM chain and PKCS#8 EC key). */
    public static javax.net.ssl.SSLContext presenting(Path caPem, Path certificatePem, Path keyPem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        try (java.io.InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        java.util.List<java.security.cert.Certificate> chain = new java.util.ArrayList<>();
        try (java.io.InputStream in = Files.newInputStream(certificatePem)) {
            chain.addAll(cf.generateCertificates(in));
        }
        byte[] der = java.util.Base64.getMimeDecoder().decode(Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, new char[0], chain.toArray(new java.security.cert.Certificate[0]));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }

    private static BigInteger serial() {
        return new BigInteger(96, new SecureRandom());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static String pem(Object o) throws IOException {
        if (o instanceof java.security.PrivateKey k) {
            // PKCS#8, with the curve parameters
            return "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        }
        Writer w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    private static void write(Path p, String content, boolean secret) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
