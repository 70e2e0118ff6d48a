package io.zerone.insights.ingest.cases;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.events.cases.CaseEvent;
import io.zerone.insights.ingest.auth.EditorialClient;
import io.zerone.insights.ingest.idempotency.IdempotentRequests;
import io.zerone.insights.ingest.publishing.IdempotencyKeys;
import io.zerone.insights.ingest.publishing.InvalidInsightException;
import io.zerone.insights.ingest.publishing.JsonBodies;
import io.zerone.insights.ingest.publishing.SitePages;
import reactor.core.publisher.Mono;

/**
 * The publishing API of cases: the same keys, rate limits, size limit, problem+json and Idempotency-Key as insights
 * (they apply to every /api path, or come from the same classes), answered 202 once Kafka acknowledged the event.
 * Cases have no receipts: there are a handful of them, and the case page shows the outcome.
 */
@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final JsonBodies bodies;
    private final CaseRequests cases;
    private final IdempotentRequests idempotency;
    private final SitePages site;

    CaseController(JsonBodies bodies, CaseRequests cases, IdempotentRequests idempotency, SitePages site) {
        this.bodies = bodies;
        this.cases = cases;
        this.idempotency = idempotency;
        this.site = site;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> publish(@AuthenticationPrincipal EditorialClient client, ServerHttpRequest request) {
        return bodies.read(request).flatMap(json -> {
            String idempotencyKey = IdempotencyKeys.of(request);
            String fingerprint = IdempotentRequests.fingerprint(request, json);
            CaseEvent event = cases.publication(client.id(),
                    IdempotencyKeys.eventId(client.id(), idempotencyKey, fingerprint), json);
            return idempotency.once(client.id(), idempotencyKey, fingerprint,
                    () -> cases.write(event).map(written -> {
                        ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted();
                        site.caseOf(written.number()).ifPresent(accepted::location);
                        return accepted.body(Accepted.of(written));
                    }));
        }).onErrorMap(InvalidInsightException.class, CaseController::ofACase);
    }

    @DeleteMapping(path = "/{number}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> unpublish(@AuthenticationPrincipal EditorialClient client,
            @PathVariable String number,
            @RequestParam(required = false) String reason,
            ServerHttpRequest request) {
        String fingerprint = IdempotentRequests.fingerprint(request, "");
        return Mono.fromCallable(() -> cases.unpublication(client.id(),
                        IdempotencyKeys.eventId(client.id(), IdempotencyKeys.of(request), fingerprint), number, reason))
                .flatMap(event -> idempotency.once(client.id(), IdempotencyKeys.of(request), fingerprint,
                        () -> cases.write(event).map(written -> ResponseEntity.accepted().body(Accepted.of(written)))))
                .onErrorMap(InvalidInsightException.class, CaseController::ofACase);
    }

    /** The rules are the insights' (RequestFields), and so are their rejections; the problem says it was a case. */
    private static InvalidInsightException ofACase(InvalidInsightException e) {
        return e.about("case");
    }

    record Accepted(UUID eventId, String number, String status) {

        static Accepted of(CaseEvent event) {
            return new Accepted(event.eventId(), event.number(), "accepted");
        }
    }
}
