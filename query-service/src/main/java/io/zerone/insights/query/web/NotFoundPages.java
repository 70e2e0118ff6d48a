package io.zerone.insights.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.resource.NoResourceFoundException;

/**
 * An address nothing answers (WebFlux hands it to the static resource handler, which gives up): the site's 404 page
 * in the site layout, or an RFC 9457 problem for {@code /api/**}. Ahead of Boot's problem-details advice.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotFoundPages {

    private final Pages pages;

    NotFoundPages(Pages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> notFound(ServerHttpRequest request) {
        if (request.getPath().value().startsWith("/api/")) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such API resource."))
                    .build();
        }
        return pages.errorResponse(HttpStatus.NOT_FOUND, "There is nothing at this address.");
    }
}
