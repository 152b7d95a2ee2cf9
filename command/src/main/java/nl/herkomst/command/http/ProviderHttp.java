package nl.herkomst.command.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import nl.herkomst.api.FetchFailure;

/**
 * The back channel to providers: HTTPS only, host names verified, the JDK's trusted CAs plus the CAs
 * configured in {@code herkomst.tls.trusted-ca-files} (the sandbox's CA in the demo run), connect and
 * response timeouts, and a cap on the size of a response body.
 */
public class ProviderHttp {

    public record Response(int status, String contentType, byte[] body) {
    }

    /** No HTTP answer came: the kind says why. */
    public static class TransportException extends RuntimeException {
        private final FetchFailure kind;

        public TransportException(FetchFailure kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public FetchFailure kind() {
            return kind;
        }
    }

    private final List<Path> trustedCaFiles;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private volatile HttpClient client;
    private volatile SSLContext sslContext;

    public ProviderHttp(List<Path> trustedCaFiles, Duration connectTimeout, Duration responseTimeout) {
        this.trustedCaFiles = List.copyOf(trustedCaFiles);
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** Built on first use, so that a CA the sandbox creates at start-up is there by then. */
    public HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .sslContext(sslContext())
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    public static void requireHttps(URI uri) {
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("only https:// endpoints may be used towards a provider: " + uri);
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("a provider endpoint must carry no user info or fragment: " + uri);
        }
    }

    public Response get(URI uri, String accept, long maxBytes, Map<String, String> headers) {
        requireHttps(uri);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().header("Accept", accept);
        if (headers != null) {
            headers.forEach(b::header);
        }
        return send(b.build(), maxBytes);
    }

    public Response send(HttpRequest request, long maxBytes) {
        requireHttps(request.uri());
        try {
            HttpResponse<InputStream> r = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (body.length > maxBytes) {
                throw new TransportException(FetchFailure.UNPARSABLE, "response larger than " + maxBytes + " bytes", null);
            }
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), body);
        } catch (HttpTimeoutException e) {
            throw new TransportException(FetchFailure.TIMEOUT, "no answer within " + responseTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new TransportException(FetchFailure.NETWORK, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(FetchFailure.NETWORK, "interrupted", e);
        }
    }

    public SSLContext sslContext() {
        SSLContext s = sslContext;
        if (s == null) {
            synchronized (this) {
                if (sslContext == null) {
                    sslContext = buildSslContext();
                }
                s = sslContext;
            }
        }
        return s;
    }

    private SSLContext buildSslContext() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            int i = 0;
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate cert : x.getAcceptedIssuers()) {
                        ks.setCertificateEntry("jdk-" + i++, cert);
                    }
                }
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<String> missing = new ArrayList<>();
            for (Path p : trustedCaFiles) {
                if (!Files.isReadable(p)) {
                    missing.add(p.toString());
                    continue;
                }
                try (InputStream in = Files.newInputStream(p)) {
                    for (var cert : cf.generateCertificates(in)) {
                        ks.setCertificateEntry("configured-" + i++, cert);
                    }
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("trusted CA files not readable: " + missing);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("TLS trust could not be set up: " + e.getMessage(), e);
        }
    }
}
