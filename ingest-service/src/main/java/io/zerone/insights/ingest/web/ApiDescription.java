package io.zerone.insights.ingest.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /openapi.yaml} (and HEAD): the OpenAPI 3.1 description of this service, written by hand and kept beside
 * the code in src/main/resources/openapi/; the integration tests validate every exchange against it, so it cannot
 * drift. Its name carries the service's, as the dev stack runs every service in one JVM with one classpath.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescription {

    public static final String PATH = "/openapi.yaml";
    static final String RESOURCE = "openapi/ingest-service.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    @Bean
    RouterFunction<ServerResponse> apiDescriptionRoute() {
        ClassPathResource description = new ClassPathResource(RESOURCE);
        // HEAD too, as every GET of the API answers it (a client or a cache checks for a new one without the body)
        return RouterFunctions.route(GET(PATH).or(HEAD(PATH)),
                // it changes only with a deploy: clients and caches may keep it an hour
                request -> ServerResponse.ok().contentType(YAML)
                        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).bodyValue(description));
    }
}
