package io.zerone.insights.query.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/**
 * Which requests Spring observes (the {@code http.server.requests} timers and the request's trace span). The site's
 * pages (articles, listings, taxonomy, cases, feeds, the sitemap) are answered from the response cache at tens of
 * thousands a second, and there the observation was a third of a page's CPU (docs/benchmarks.md, "Reads"): they are
 * not observed, their traffic shows in the cache's metrics ({@code cache.gets} of {@code query.responses}) and at the
 * load balancer. The JSON API, the search page, previews, the actuator and anything but a read stay observed, and the
 * projector's record traces do not depend on this.
 */
@Configuration(proxyBeanMethods = false)
class RequestObservations {

    @Bean
    ObservationPredicate sitePagesUnobserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && isCachedSitePage(request.getCarrier()));
    }

    static boolean isCachedSitePage(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        String path = request.getPath().pathWithinApplication().value();
        return !path.startsWith("/api/") && !path.equals("/insights/search") && !path.startsWith("/preview/")
                && !path.startsWith("/actuator");
    }
}
