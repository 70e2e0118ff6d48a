package io.zerone.insights.query.article;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import io.zerone.insights.query.web.Slug;
import reactor.core.publisher.Mono;

/**
 * GET and HEAD of the two reads visitors and mirrors make most, the article page and JSON by slug, routed as functions
 * to the same controller methods. A cached page is sent at tens of thousands a second, and there annotated dispatch
 * was a quarter of its CPU (JFR, docs/adr/0028): matching the path against every mapping of the service, resolving
 * the method's arguments and choosing a writer for the body. Functional routes are tried first
 * ({@code RouterFunctionMapping} comes before the annotated mappings), and the body goes as it is. The controllers'
 * mappings still answer OPTIONS and name the methods of a 405; errors go to the same advice ({@code Problems}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE) // not in the rebuild command or the projector-only tests
class ArticleRoutes {

    /**
     * Routed only for a slug, and never for an address another page answers ({@code /insights/search}): an annotated
     * mapping with a literal path would win over {@code /insights/{slug}}, but the routes are tried first. Anything
     * else (a slug with capitals, to redirect; no slug, a 404) goes on to the controllers, which answer it as before.
     * The controller methods are called inside the Mono, so that whatever they throw reaches the advice as an error.
     */
    @Bean
    RouterFunction<ServerResponse> articleReads(ArticlePage page, ArticleApi api,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping annotated) {
        // matched as the annotated mappings match them: decoded, parameters dropped (/insights/%73earch;v=1 is the search)
        List<PathPattern> otherPages = annotated.getHandlerMethods().keySet().stream()
                .flatMap(mapping -> mapping.getPatternsCondition().getPatterns().stream())
                .filter(pattern -> !pattern.getPatternString().contains("{")
                        && pattern.getPatternString().matches("(/api)?/insights/[^/]+"))
                .toList();
        RequestPredicate slug = request -> Slug.isSlug(slug(request)) && otherPages.stream()
                .noneMatch(other -> other.matches(request.requestPath().pathWithinApplication()));
        return RouterFunctions
                .route(reads("/insights/{slug}").and(slug), request -> send(
                        Mono.defer(() -> page.article(slug(request), request.exchange().getRequest()))))
                .andRoute(reads("/api/insights/{slug}").and(slug), request -> send(
                        Mono.defer(() -> api.one(slug(request), request.exchange().getRequest()))));
    }

    private static RequestPredicate reads(String pattern) {
        return GET(pattern).or(HEAD(pattern));
    }

    private static String slug(ServerRequest request) {
        return request.pathVariable("slug");
    }

    /**
     * The controller's answer as it is: status, headers and bytes. Like the annotated path, a GET or HEAD whose
     * If-None-Match names the ETag gets a 304 ({@code ServerResponse} checks it as {@code ResponseEntity} handling does).
     */
    private static Mono<ServerResponse> send(Mono<ResponseEntity<byte[]>> answer) {
        return answer.flatMap(entity -> ServerResponse.status(entity.getStatusCode())
                .headers(headers -> headers.addAll(entity.getHeaders()))
                .build((exchange, context) -> write(exchange.getResponse(), entity.getBody())));
    }

    private static Mono<Void> write(ServerHttpResponse response, byte[] body) {
        if (body == null) {
            return response.setComplete();
        }
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
