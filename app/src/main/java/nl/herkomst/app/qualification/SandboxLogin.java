package nl.herkomst.app.qualification;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import nl.herkomst.sandbox.tls.SandboxTls;

/**
 * A person's browser at the sandbox provider: follows the authorization URL, logs in (password
 * {@code sandbox}), and is sent back to the backend's redirect URI. Every hop is real HTTP; certificates
 * are checked against the sandbox CA. Used by the qualification dry run and the end-to-end tests.
 */
public final class SandboxLogin {

    /** What came back on the redirect URI. */
    public record Callback(URI url, String code, String state, int status, String body) {
    }

    private final SSLContext ssl;
    private HttpClient http;

    public SandboxLogin(Path sandboxCa) throws Exception {
        ssl = SandboxTls.trusting(sandboxCa);
        http = browser();
    }

    /** The TLS settings that trust the sandbox CA (for other clients of the sandbox). */
    public SSLContext sslContext() {
        return ssl;
    }

    private HttpClient browser() {
        return HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs in afresh (a new browser session) and returns what the redirect URI answered. */
    public synchronized Callback authorize(String authorizationUrl, String username) throws Exception {
        URI next = consent(authorizationUrl, username, "/oauth/callback");
        String code = param(next, "code");
        String state = param(next, "state");
        HttpResponse<String> callback = get(next);
        return new Callback(next, code, state, callback.statusCode(), callback.body());
    }

    /**
     * Logs in afresh and returns where the provider sends the browser back (the redirect URI with its code or error and
     * state), without going there: for a front end that receives the redirect itself and relays it.
     */
    public synchronized URI consent(String authorizationUrl, String username, String redirectPath) throws Exception {
        http = browser();
        URI authorize = loopback(URI.create(authorizationUrl));
        HttpResponse<String> r = get(authorize);
        URI login = location(authorize, r);
        if (!login.getPath().equals("/login")) {
            throw new IllegalStateException("expected the sandbox login page, got " + r.statusCode() + " " + login);
        }
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=sandbox";
        r = http.send(HttpRequest.newBuilder(loopback(login)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        URI next = location(login, r);
        for (int hop = 0; hop < 5 && !next.getPath().equals(redirectPath); hop++) {
            r = get(next);
            next = location(next, r);
        }
        if (!next.getPath().equals(redirectPath)) {
            throw new IllegalStateException("never sent back to the redirect URI: " + next);
        }
        return next;
    }

    public HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(loopback(uri)).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A browser resolves {@code *.localhost} (the sandbox is {@code sandbox.localhost}) to the loopback
     * address itself (RFC 6761); the JDK's client asks the system resolver, which does not. So this
     * browser sends such requests to {@code localhost}, which the sandbox's certificate names too.
     */
    static URI loopback(URI uri) {
        String host = uri.getHost();
        if (host == null || !host.endsWith(".localhost")) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://localhost" + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static URI location(URI base, HttpResponse<String> r) {
        String l = r.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("no redirect from " + base + ": HTTP " + r.statusCode() + " " + r.body()));
        return base.resolve(l);
    }

    public static String param(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String p : uri.getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
