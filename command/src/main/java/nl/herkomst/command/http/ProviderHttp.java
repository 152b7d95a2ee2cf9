package nl.herkomst.command.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import nl.herkomst.api.FetchFailure;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The one outbound HTTP client of the back channel (token endpoints, resource endpoints, list downloads):
 * HTTPS only, host names verified, the JDK's trusted CAs plus those of {@code herkomst.tls.trusted-ca-files},
 * connect and response timeouts, a cap on the size of a response body, no redirects followed, no cookies,
 * no retries. Before every request, and again before every name lookup (so before any socket is opened),
 * the {@link HostGate} is asked whether the host may be contacted: the current Whitelist.
 * <p>
 * With {@code localhostNames} the client resolves {@code *.localhost} to the loopback address itself, as
 * browsers do (RFC 6761 §6.3): the sandbox is {@code sandbox.localhost}, a name that meets the lists' host
 * name rules. It is on for the default run only.
 */
public class ProviderHttp implements AutoCloseable {

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

        /** The gate's refusal, when that is why. */
        public java.util.Optional<HostGate.HostRefusedException> refusal() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof HostGate.HostRefusedException r) {
                    return java.util.Optional.of(r);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private final List<Path> trustedCaFiles;
    private final Path clientCertificate;
    private final Path clientKey;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final HostGate gate;
    private final boolean localhostNames;
    private volatile CloseableHttpClient client;
    private volatile SSLContext sslContext;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    public ProviderHttp(List<Path> trustedCaFiles, Duration connectTimeout, Duration responseTimeout, HostGate gate,
                        boolean localhostNames) {
        this(trustedCaFiles, null, null, connectTimeout, responseTimeout, gate, localhostNames);
    }

    /**
     * @param clientCertificate PEM: the PGO's client certificate and its chain, presented on every connection
     *                          (MedMij's mutual TLS); with {@code clientKey} (PEM, PKCS#8). Null: none is presented.
     */
    public ProviderHttp(List<Path> trustedCaFiles, Path clientCertificate, Path clientKey, Duration connectTimeout, Duration responseTimeout,
                        HostGate gate, boolean localhostNames) {
        this.clientCertificate = clientCertificate;
        this.clientKey = clientKey;
        this.trustedCaFiles = List.copyOf(trustedCaFiles);
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.gate = gate;
        this.localhostNames = localhostNames;
    }

    /** Built on first use, so that a CA the sandbox creates at start-up is there by then. */
    private CloseableHttpClient client() {
        CloseableHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                c = client;
            }
        }
        return c;
    }

    private CloseableHttpClient build() {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(sslContext())
                        // TLS 1.2 and 1.3 only; the server's certificate and its host name are verified
                        .setTlsVersions(org.apache.hc.core5.http.ssl.TLS.V_1_3, org.apache.hc.core5.http.ssl.TLS.V_1_2)
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH).buildClassic())
                .setDnsResolver(new GatedResolver())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(responseTimeout))
                        .setTimeToLive(Timeout.ofMinutes(5))
                        .build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .addExecInterceptorFirst("herkomst-host-gate", (request, scope, chain) -> {
                    requests.incrementAndGet();
                    requireHttps(URI.create(request.getScheme() + "://" + request.getAuthority()));
                    gate.check(request.getAuthority().getHostName(), Boolean.TRUE.equals(scope.clientContext.getAttribute(LIST_DOWNLOAD)));
                    return chain.proceed(request, scope);
                })
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(responseTimeout)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** Asks the gate first; resolves {@code *.localhost} to loopback when so configured; else the system's resolver. */
    private final class GatedResolver implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                // the request itself was checked with its purpose; here, before the lookup, the stelselnode may pass
                gate.check(host, true);
            } catch (HostGate.HostRefusedException e) {
                throw new UnknownHostException(e.getMessage());
            }
            String h = host.toLowerCase(Locale.ROOT);
            if (localhostNames && (h.equals("localhost") || h.endsWith(".localhost"))) {
                return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            }
            return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return host;
        }
    }

    /** How many requests were sent, or refused by the gate, since start (every back-channel request counts). */
    public long requests() {
        return requests.get();
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
        return get(uri, accept, maxBytes, headers, false);
    }

    /** A POST (Delen: a Bundle to the resource endpoint); the answer as for a GET. Never retried, never redirected. */
    public Response post(URI uri, String contentType, byte[] body, String accept, long maxBytes, Map<String, String> headers) {
        requireHttps(uri);
        org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(uri);
        post.setEntity(new org.apache.hc.core5.http.io.entity.ByteArrayEntity(body, org.apache.hc.core5.http.ContentType.parse(contentType)));
        post.setHeader("Accept", accept);
        if (headers != null) {
            headers.forEach(post::setHeader);
        }
        org.apache.hc.client5.http.protocol.HttpClientContext context = org.apache.hc.client5.http.protocol.HttpClientContext.create();
        context.setAttribute(LIST_DOWNLOAD, false);
        return execute(post, context, maxBytes);
    }

    /** A MedMij list download: the one request that may go to the stelselnode without it being on the Whitelist. */
    public Response getList(URI uri, String accept, long maxBytes) {
        return get(uri, accept, maxBytes, Map.of(), true);
    }

    private static final String LIST_DOWNLOAD = "herkomst.list-download";

    private Response get(URI uri, String accept, long maxBytes, Map<String, String> headers, boolean listDownload) {
        requireHttps(uri);
        HttpGet get = new HttpGet(uri);
        get.setHeader("Accept", accept);
        if (headers != null) {
            headers.forEach(get::setHeader);
        }
        org.apache.hc.client5.http.protocol.HttpClientContext context = org.apache.hc.client5.http.protocol.HttpClientContext.create();
        context.setAttribute(LIST_DOWNLOAD, listDownload);
        return execute(get, context, maxBytes);
    }

    private Response execute(ClassicHttpRequest request, org.apache.hc.client5.http.protocol.HttpClientContext context, long maxBytes) {
        try {
            return client().execute(request, context, response -> {
                byte[] body = new byte[0];
                if (response.getEntity() != null) {
                    try (InputStream in = response.getEntity().getContent()) {
                        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    }
                }
                if (body.length > maxBytes) {
                    throw new TransportException(FetchFailure.UNPARSABLE, "response larger than " + maxBytes + " bytes", null);
                }
                Header type = response.getFirstHeader("Content-Type");
                return new Response(response.getCode(), type == null ? null : type.getValue(), body);
            });
        } catch (HostGate.HostRefusedException e) {
            throw new TransportException(FetchFailure.HOST_NOT_WHITELISTED, e.getMessage(), e);
        } catch (org.apache.hc.client5.http.ConnectTimeoutException e) {
            throw new TransportException(FetchFailure.TIMEOUT, "no connection within " + connectTimeout.toSeconds() + " s", e);
        } catch (java.net.SocketTimeoutException e) {
            throw new TransportException(FetchFailure.TIMEOUT, "no answer within " + responseTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new TransportException(FetchFailure.NETWORK, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (TransportException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. a port out of range: no request could be made
            throw new TransportException(FetchFailure.NETWORK, "the request could not be made: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A builder of Spring's RestClient over this client: the same gate, trust and timeouts. */
    /** The most a token endpoint's answer may hold: a token response is a few kilobytes. */
    public static final int MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;

    /** A builder of Spring's RestClient over this client: the same gate, trust and timeouts, and answers of at most 256 KB. */
    public RestClient.Builder restClient(Duration readTimeout) {
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(client());
        factory.setReadTimeout(readTimeout);
        factory.setConnectionRequestTimeout(connectTimeout);
        return RestClient.builder().requestFactory(factory).requestInterceptor((request, body, execution) -> {
            org.springframework.http.client.ClientHttpResponse response = execution.execute(request, body);
            return new org.springframework.http.client.ClientHttpResponse() {
                @Override
                public org.springframework.http.HttpStatusCode getStatusCode() throws IOException {
                    return response.getStatusCode();
                }

                @Override
                public String getStatusText() throws IOException {
                    return response.getStatusText();
                }

                @Override
                public void close() {
                    response.close();
                }

                @Override
                public InputStream getBody() throws IOException {
                    return bounded(response.getBody(), MAX_TOKEN_RESPONSE_BYTES);
                }

                @Override
                public org.springframework.http.HttpHeaders getHeaders() {
                    return response.getHeaders();
                }
            };
        });
    }

    /** An answer larger than this client takes: reading it stops there (no answer is read whole into memory unbounded). */
    public static final class ResponseTooLargeException extends IOException {
        public ResponseTooLargeException(long max) {
            super("the answer is larger than " + max + " bytes");
        }
    }

    /** {@code in}, ending with {@link ResponseTooLargeException} once more than {@code max} bytes were read. */
    public static InputStream bounded(InputStream in, long max) {
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > max) {
                    throw new ResponseTooLargeException(max);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0 && (read += n) > max) {
                    throw new ResponseTooLargeException(max);
                }
                return n;
            }
        };
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
            ctx.init(keyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("TLS trust could not be set up: " + e.getMessage(), e);
        }
    }

    /** The client certificate and its key, when configured (mutual TLS towards providers). */
    private javax.net.ssl.KeyManager[] keyManagers() throws Exception {
        if (clientCertificate == null || clientKey == null) {
            return null;
        }
        if (!Files.isReadable(clientCertificate) || !Files.isReadable(clientKey)) {
            throw new IllegalStateException("client certificate or key not readable: " + clientCertificate + ", " + clientKey);
        }
        List<java.security.cert.Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(clientCertificate)) {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("no certificate in " + clientCertificate);
        }
        String pem = Files.readString(clientKey);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalStateException(clientKey + " must hold a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        java.security.PrivateKey key = null;
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                key = java.security.KeyFactory.getInstance(algorithm).generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
                break;
            } catch (java.security.spec.InvalidKeySpecException e) {
                // the other algorithm
            }
        }
        if (key == null) {
            throw new IllegalStateException(clientKey + ": not an EC or RSA private key");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] none = new char[0];
        ks.setKeyEntry("client", key, none, chain.toArray(new java.security.cert.Certificate[0]));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, none);
        return kmf.getKeyManagers();
    }

    @Override
    public void close() throws IOException {
        CloseableHttpClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
