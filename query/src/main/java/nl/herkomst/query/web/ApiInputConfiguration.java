package nl.herkomst.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * What the API accepts: JSON read strictly (unknown fields, duplicate keys and numbers where text is
 * expected are errors, not guesses) and request bodies of at most {@code herkomst.api.max-body-bytes}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiInputConfiguration {

    private static final java.util.regex.Pattern SHARES = java.util.regex.Pattern.compile("/api/persons/[^/]+/shares/?");

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodySizeLimit(@Value("${herkomst.api.max-body-bytes:65536}") long apiMaxBytes,
            @Value("${herkomst.share-limits.max-body-bytes:22MB}") org.springframework.util.unit.DataSize shareMaxBytes) {
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // a share's upload carries a document (a PDF up to herkomst.share-limits.max-pdf-bytes): its own, larger limit;
                // a JSON share is small like every other JSON body
                String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
                long maxBytes = "POST".equals(request.getMethod()) && SHARES.matcher(request.getRequestURI()).matches()
                        && type.startsWith("multipart/form-data") ? shareMaxBytes.toBytes() : apiMaxBytes;
                if (request.getContentLengthLong() > maxBytes) {
                    problem(response, 413, "PAYLOAD_TOO_LARGE", "the request body is larger than " + maxBytes + " bytes");
                    return;
                }
                chain.doFilter(new LimitedBody(request, maxBytes), response);
            }
        });
        bean.addUrlPatterns("/api/*", "/graphql");
        bean.setOrder(Integer.MIN_VALUE + 10);
        return bean;
    }

    /**
     * A query string that does not decode (invalid UTF-8 in a percent escape) is a bad request, answered as a
     * problem: on every path, the actuator's included (without this, the servlet container's exception
     * surfaces as a 500 wherever a parameter is read).
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> queryStringCheck() {
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getQueryString() != null) {
                    try {
                        for (String name : request.getParameterMap().keySet()) {
                            request.getParameterValues(name);
                        }
                    } catch (RuntimeException e) {
                        problem(response, 400, "INVALID_REQUEST", "the query string does not decode as UTF-8");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        });
        bean.addUrlPatterns("/*");
        bean.setOrder(Integer.MIN_VALUE + 5);
        return bean;
    }

    /** A problem-details answer written directly (for filters, before Spring MVC). */
    public static void problem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"urn:herkomst:problem:" + code + "\",\"title\":\""
                + org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase() + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** A body that ends with an error once it exceeds the limit (for chunked requests without a length). */
    static final class LimitedBody extends HttpServletRequestWrapper {
        private final long max;

        LimitedBody(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > max) {
                        throw new BodyTooLargeException(max);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0 && (read += n) > max) {
                        throw new BodyTooLargeException(max);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }

    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long max) {
            super("the request body is larger than " + max + " bytes");
        }
    }
}
