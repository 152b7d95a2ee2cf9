package nl.herkomst.app;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import nl.herkomst.query.web.ProblemCodes;
import org.springframework.http.HttpStatus;

/**
 * The errors Tomcat answers itself, before a request reaches the application (an encoded {@code /} or a
 * {@code [} in the path, a malformed header, a request line too long), as the API's other errors are: an RFC 9457
 * problem in JSON with a stable {@code code}, instead of Tomcat's HTML page. Nothing of the request is echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = ProblemCodes.of(status);
        String detail = ProblemCodes.detail(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter out = response.getReporter();
            if (out != null) {
                out.write("{\"type\":\"urn:herkomst:problem:" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken; there is nothing left to tell it
        }
    }

    /** Puts this valve in place of the one Spring Boot gives the host (and of the one the host would add itself). */
    @org.springframework.stereotype.Component
    public static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        /** After Spring Boot's own customizer, which adds the plain valve. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
