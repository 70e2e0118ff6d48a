package io.zerone.insights.query.web;

import java.time.Duration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 description of this service, written by hand and kept beside the code
 * in src/main/resources/openapi/; the integration tests validate every exchange against it, so it cannot drift. Its
 * name carries the service's, as the dev stack runs every service in one JVM with one classpath. A mapping as the
 * site's are, so that another method is a 405 naming the ones it takes ({@link Problems}), not a 404.
 */
@RestController
public class ApiDescription {

    public static final String PATH = "/openapi.yaml";
    static final String RESOURCE = "openapi/query-service.yaml";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final Resource description = new ClassPathResource(RESOURCE);

    @GetMapping(PATH)
    ResponseEntity<Resource> description() {
        // it changes only with a deploy: clients and caches may keep it an hour
        return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(description);
    }
}
