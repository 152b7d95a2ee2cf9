package nl.herkomst.query.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The errors the servlet container sends to {@code /error} (a body it could not read, a method no endpoint has,
 * such as TRACE) as problems like every other error of the API, instead of Spring Boot's default JSON.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @io.swagger.v3.oas.annotations.Hidden
    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer s && s >= 400 && s <= 599 ? s : 500;
        String code = ProblemCodes.of(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), ProblemCodes.detail(status));
        problem.setType(URI.create("urn:herkomst:problem:" + code));
        problem.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
