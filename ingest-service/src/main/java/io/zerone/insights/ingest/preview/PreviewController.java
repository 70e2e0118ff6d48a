package io.zerone.insights.ingest.preview;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.events.PreviewRequested;
import io.zerone.insights.ingest.auth.EditorialClient;
import io.zerone.insights.ingest.publishing.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/previews}: the body of a publish, answered 201 with the preview's URL on the site once Kafka
 * acknowledged the request. The page appears there when render-service and query-service have passed it on (well
 * under a second on an idle stack), so a client that opens it at once may see a 404 for a moment. Every request makes
 * a new preview; an Idempotency-Key is not needed, because a retried request only makes a second, harmless one.
 */
@RestController
@RequestMapping("/api/previews")
class PreviewController {

    private final JsonBodies bodies;
    private final PreviewRequests previews;
    private final PreviewProperties properties;

    PreviewController(JsonBodies bodies, PreviewRequests previews, PreviewProperties properties) {
        this.bodies = bodies;
        this.previews = previews;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Created>> preview(@AuthenticationPrincipal EditorialClient client, ServerHttpRequest request) {
        return bodies.read(request)
                .map(json -> previews.request(client.id(), json))
                .flatMap(previews::write)
                .map(written -> {
                    URI url = properties.previewUrl(written.token());
                    return ResponseEntity.created(url).body(new Created(written.eventId(), written.insight().slug(),
                            url, written.expiresAt(), "accepted"));
                });
    }

    /** @param preview the page on the site, the same as the Location header */
    record Created(UUID eventId, String slug, URI preview, Instant expiresAt, String status) {
    }
}
