package nl.herkomst.query.web;

import java.net.URI;
import nl.herkomst.api.RefusedException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 7807 problem details with a stable {@code code}; never a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(RefusedException.class)
    ProblemDetail refused(RefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
        return problem(status, e.code(), e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
    }

    /** A multipart body that cannot be read (no boundary, truncated): the client's error. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ProblemDetail multipart(org.springframework.web.multipart.MultipartException e) {
        if (e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the upload is larger than this endpoint takes");
        }
        return problem(HttpStatus.BAD_REQUEST, "INVALID_MULTIPART", "the multipart/form-data body could not be read (boundary, parts)");
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail command(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RefusedException r) {
            return refused(r);
        }
        if (cause instanceof IllegalArgumentException i) {
            return invalid(i);
        }
        log.error("Command failed: {}", e.getMessage());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the request could not be handled");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (clientGone(e)) {
            log.debug("Client went away: {}", e.getClass().getSimpleName());
            return null;
        }
        log.error("Unexpected error: {}: {}", e.getClass().getName(), e.getMessage());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the request could not be handled");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (ex instanceof org.springframework.beans.ConversionNotSupportedException) {
            // a parameter that cannot be text (a multipart part sent as a file where a text part belongs): the client's error
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, type != null && type.startsWith("multipart/") ? "INVALID_MULTIPART" : "INVALID_REQUEST",
                    "a parameter or part could not be read as text");
            return ResponseEntity.badRequest().body(pd);
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail pd && pd.getProperties() == null) {
            boolean tooLarge = causedBy(ex, ApiInputConfiguration.BodyTooLargeException.class);
            String code = tooLarge ? "PAYLOAD_TOO_LARGE" : ProblemCodes.of(statusCode.value());
            pd.setProperty("code", code);
            pd.setType(URI.create("urn:herkomst:problem:" + code));
            if (tooLarge) {
                pd.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
                pd.setDetail("the request body is too large");
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).headers(headers).body(pd);
            }
            if (statusCode.value() == 400) {
                // never echo parser internals (class names, positions in our DTOs)
                pd.setDetail("the request body or parameters are not valid for this endpoint");
            } else if (statusCode.value() == 404 || statusCode.value() == 413 || statusCode.value() >= 500) {
                pd.setDetail(ProblemCodes.detail(statusCode.value())); // never Spring's own text, which may name our classes
            }
        }
        return response;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A client that disconnected (a closed SSE stream, a cancelled request) is not an error of ours. */
    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("AsyncRequestNotUsableException") || name.equals("ClientAbortException")
                    || t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create("urn:herkomst:problem:" + code));
        pd.setTitle(status.getReasonPhrase());
        pd.setProperty("code", code);
        return pd;
    }
}
