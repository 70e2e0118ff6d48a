package io.zerone.insights.ingest.publishing;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.ingest.auth.EditorialClient;
import io.zerone.insights.ingest.idempotency.IdempotentRequests;
import io.zerone.insights.ingest.receipts.PreferredWait;
import io.zerone.insights.ingest.receipts.ReceiptState;
import io.zerone.insights.ingest.receipts.Receipts;
import reactor.core.publisher.Mono;

/**
 * The publishing API. Every answer comes after Kafka acknowledged the event, never earlier. A request is validated
 * before its Idempotency-Key is claimed, so a rejected request leaves the key unused. The 202 links to the request's
 * receipt, and a publish's is located at the insight's page on the site; with {@code Prefer: wait=N} (RFC 7240) the
 * answer waits up to N seconds for the change to be visible on the site (201 for a publish, 200 for an unpublish) and
 * is the same 202 otherwise. The wait runs after the idempotent part, so a retry with the same Idempotency-Key waits
 * for the same receipt.
 */
@RestController
@RequestMapping("/api/insights")
class InsightController {

    private final JsonBodies bodies;
    private final Publishing publishing;
    private final IdempotentRequests idempotency;
    private final Receipts receipts;
    private final SitePages site;

    InsightController(JsonBodies bodies, Publishing publishing, IdempotentRequests idempotency, Receipts receipts,
            SitePages site) {
        this.bodies = bodies;
        this.publishing = publishing;
        this.idempotency = idempotency;
        this.receipts = receipts;
        this.site = site;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> publish(@AuthenticationPrincipal EditorialClient client, ServerHttpRequest request) {
        return bodies.read(request).flatMap(json -> {
            String idempotencyKey = IdempotencyKeys.of(request);
            String fingerprint = IdempotentRequests.fingerprint(request, json);
            InsightEvent event = publishing.publication(client.id(),
                    IdempotencyKeys.eventId(client.id(), idempotencyKey, fingerprint), json);
            return idempotency.once(client.id(), idempotencyKey, fingerprint,
                    // the claim's event: a revision that sent no date is dated as its insight is
                    () -> publishing.claimSlug(event, json).flatMap(claim -> receipts
                            .accept(client.id(), claim.event())
                            .flatMap(receipt -> publishing.write(claim.event())
                                    .map(written -> located(accepted(written, receipt), page(written, receipt))
                                            .body(Accepted.of(written, receipt))))
                            .onErrorResume(failure -> claim.undo().then(Mono.error(failure)))))
                    .flatMap(answer -> waitIfPreferred(answer, event, request));
        });
    }

    @DeleteMapping(path = "/{slug}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> unpublish(@AuthenticationPrincipal EditorialClient client,
            @PathVariable String slug,
            @RequestParam(required = false) String reason,
            ServerHttpRequest request) {
        String idempotencyKey = IdempotencyKeys.of(request);
        String fingerprint = IdempotentRequests.fingerprint(request, "");
        InsightEvent event = publishing.unpublication(client.id(),
                IdempotencyKeys.eventId(client.id(), idempotencyKey, fingerprint), slug, reason);
        return idempotency.once(client.id(), idempotencyKey, fingerprint,
                        () -> receipts.accept(client.id(), event).flatMap(receipt -> publishing.write(event)
                                .map(written -> accepted(written, receipt).body(Accepted.of(written, receipt)))))
                .flatMap(answer -> waitIfPreferred(answer, event, request));
    }

    private static ResponseEntity.BodyBuilder accepted(InsightEvent event, boolean receipt) {
        ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted();
        if (receipt) {
            accepted.header(HttpHeaders.LINK, "<" + Receipts.of(event.eventId()) + ">; rel=\"receipt\"");
        }
        return accepted;
    }

    /**
     * Where a publish will be read: its page on the site, as the 201 of a wait names it, else its receipt; nothing
     * where there is neither (no site URL configured, no receipt written).
     */
    private Optional<URI> page(InsightEvent event, boolean receipt) {
        return site.insight(event.slug()).or(() -> receipt ? Optional.of(Receipts.of(event.eventId())) : Optional.empty());
    }

    private static ResponseEntity.BodyBuilder located(ResponseEntity.BodyBuilder answer, Optional<URI> location) {
        location.ifPresent(answer::location);
        return answer;
    }

    /**
     * The 202 as it is, unless the client prefers to wait and the request has a receipt (the first answer or its
     * replay links to one): then the outcome, once it settles within the wait. Only a visible change answers
     * otherwise; failed, superseded or scheduled answer the 202 at once, as a wait that ran out does.
     */
    private Mono<ResponseEntity<?>> waitIfPreferred(ResponseEntity<?> answer, InsightEvent event,
            ServerHttpRequest request) {
        Optional<PreferredWait> wait = PreferredWait.from(request.getHeaders().get(PreferredWait.PREFER));
        if (wait.isEmpty() || answer.getStatusCode() != HttpStatus.ACCEPTED
                || answer.getHeaders().getFirst(HttpHeaders.LINK) == null) {
            return Mono.just(answer);
        }
        boolean publish = event instanceof InsightPublished;
        ReceiptState visible = publish ? ReceiptState.LIVE : ReceiptState.REMOVED;
        return receipts.awaitSettled(event.eventId(), wait.get().duration())
                .filter(visible::equals)
                .<ResponseEntity<?>>map(state -> {
                    ResponseEntity.BodyBuilder done = publish
                            ? ResponseEntity.created(page(event, true).orElseThrow())
                            : ResponseEntity.ok();
                    return done.header(PreferredWait.PREFERENCE_APPLIED, wait.get().applied())
                            .header(HttpHeaders.LINK, answer.getHeaders().getFirst(HttpHeaders.LINK))
                            .body(new Accepted(event.eventId(), event.slug(), state.value(),
                                    Receipts.of(event.eventId())));
                })
                .defaultIfEmpty(answer);
    }

    /** {@code receipt} is absent where the service keeps none (no database configured, or it did not answer). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(UUID eventId, String slug, String status, URI receipt) {

        static Accepted of(InsightEvent event, boolean receipt) {
            return new Accepted(event.eventId(), event.slug(), "accepted", receipt ? Receipts.of(event.eventId()) : null);
        }
    }
}
