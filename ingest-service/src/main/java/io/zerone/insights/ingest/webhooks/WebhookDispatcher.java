package io.zerone.insights.ingest.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.zerone.insights.ingest.publishing.RequestFields;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends due deliveries, on every replica: takes what is due from the table (leased, so that replicas share the work
 * and one that dies leaves its attempts to the others), POSTs each with a non-blocking WebClient, and records the
 * outcome: delivered on a 2xx, tried again after the back-off otherwise, failed after the last attempt or on a
 * {@code 410 Gone} (the spec's "stop sending"). Polls every {@code poll-interval} and is woken by this replica's
 * listeners when they wrote rows, and after each attempt, so a backlog drains without waiting for the poll.
 * <p>
 * {@code max-in-flight} bounds the attempts in flight per subscriber, not per replica: a subscriber that hangs holds
 * its own slots for the request timeout, never another's, so the others' deliveries go on at their pace. A replica
 * has at most subscribers &times; {@code max-in-flight} attempts (and connections) in flight.
 */
@Component
class WebhookDispatcher implements SmartLifecycle, DisposableBean {

    static final String METRIC = "insights.webhook.deliveries";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final DeliveryStore store;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final ConnectionProvider connections;
    private final WebClient http;
    private final MeterRegistry meters;
    private final Clock clock;
    private final List<String> subscribers;
    /** Attempts in flight per subscriber URL; the keys are the configured subscribers, in their order. */
    private final Map<String, AtomicInteger> inFlight = new LinkedHashMap<>();
    private final Sinks.Many<Boolean> wakes = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    WebhookDispatcher(DeliveryStore store, WebhookProperties properties, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.schedule = new RetrySchedule(properties.initialBackoff(), properties.maxBackoff(),
                properties.maxAttempts());
        this.subscribers = properties.subscribers().stream().map(s -> s.url().toString()).toList();
        this.subscribers.forEach(url -> inFlight.put(url, new AtomicInteger()));
        // a pool with a connection for every attempt the replica may have in flight, per host: an attempt never waits
        // for a connection that another subscriber on the same host (one that hangs) holds
        this.connections = ConnectionProvider.create("webhooks",
                Math.max(1, subscribers.size()) * properties.maxInFlight());
        // a client of its own, not Boot's builder (which needs spring-boot-webclient): no redirects followed (the spec
        // counts a 3xx as a failure), the connection bounded by the request timeout too, no trace context for a
        // third party
        this.http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.requestTimeout().toMillis())
                        .followRedirect(false)))
                .defaultHeader(HttpHeaders.USER_AGENT, "insights-webhooks")
                .build();
        this.meters = meters;
        this.clock = clock;
        // every outcome from the start, at 0, so that a dashboard's rate has a series before the first failure
        for (String outcome : List.of("delivered", "retried", "failed")) {
            meters.counter(METRIC, "outcome", outcome);
        }
    }

    /** Whether there is anything to do: subscribers, and a database to keep their deliveries in. Public for SpEL. */
    public boolean active() {
        return !subscribers.isEmpty() && store.available();
    }

    /** Looks for due deliveries now rather than at the next poll. Lost when a claim is running: that one finds them. */
    void wake() {
        wakes.tryEmitNext(Boolean.TRUE);
    }

    @Override
    public void start() {
        log.info("webhooks: delivering to {}", properties.subscribers());
        loop = Flux.merge(Flux.interval(Duration.ZERO, properties.pollInterval()).map(tick -> Boolean.TRUE),
                        wakes.asFlux())
                .onBackpressureLatest()
                .concatMap(tick -> claimAndSend()
                        .onErrorResume(e -> {
                            log.warn("webhooks: could not take due deliveries; next poll tries again: {}", e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        // attempts in flight run to their end; where the process ends first, their rows stay leased and fall due again
        // when the lease runs out (same webhook-id)
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public boolean isAutoStartup() {
        return active();
    }

    @Override
    public void destroy() {
        // after stop(): attempts still in flight end here; their rows stay leased and fall due again
        connections.dispose();
    }

    private Mono<Void> claimAndSend() {
        // each subscriber's room apart; only this loop adds to the counts, attempts ending only lower them meanwhile
        Map<String, Integer> rooms = new LinkedHashMap<>();
        inFlight.forEach((subscriber, count) -> {
            int room = properties.maxInFlight() - count.get();
            if (room > 0) {
                rooms.put(subscriber, room);
            }
        });
        if (rooms.isEmpty()) {
            return Mono.empty();
        }
        // a lease past the request timeout: the attempt has ended (or its replica has) before another takes the row
        Duration lease = properties.requestTimeout().multipliedBy(2).plusSeconds(5);
        return store.claimDue(rooms, lease)
                .doOnNext(delivery -> {
                    AtomicInteger count = inFlight.get(delivery.subscriber());
                    count.incrementAndGet();
                    attempt(delivery).doFinally(signal -> {
                        count.decrementAndGet();
                        wake();
                    }).subscribe();
                })
                .then();
    }

    private Mono<Void> attempt(DeliveryStore.Claimed delivery) {
        WebhookProperties.Subscriber subscriber = properties.subscriber(delivery.subscriber());
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        return http.post().uri(subscriber.url())
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.ID, delivery.webhookId())
                .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE,
                        WebhookSignature.sign(subscriber.secret(), delivery.webhookId(), timestamp, body))
                .bodyValue(body)
                // the answer's status is all that counts; its body is read and dropped
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(properties.requestTimeout())
                .map(status -> outcome(delivery, status, null))
                .onErrorResume(e -> Mono.just(outcome(delivery, null, describe(e))))
                .flatMap(outcome -> store.attempted(delivery, outcome.state(), outcome.status(), outcome.error(),
                                outcome.delay())
                        .doOnSuccess(done -> count(delivery, outcome)))
                .onErrorResume(e -> {
                    // the lease runs out and the attempt is made again, with the same webhook-id
                    log.warn("webhooks: could not record the attempt of delivery {}: {}", delivery.id(), e.toString());
                    return Mono.empty();
                });
    }

    private Outcome outcome(DeliveryStore.Claimed delivery, Integer status, String error) {
        int attempts = delivery.attempts() + 1;
        if (status != null && status >= 200 && status < 300) {
            return new Outcome("delivered", status, null, null);
        }
        String why = error != null ? error : "answered " + status;
        if (schedule.givesUpAfter(attempts) || (status != null && status == HttpStatus.GONE.value())) {
            return new Outcome("failed", status, why, null);
        }
        return new Outcome("pending", status, why, schedule.jittered(attempts));
    }

    private void count(DeliveryStore.Claimed delivery, Outcome outcome) {
        String result = switch (outcome.state()) {
            case "delivered" -> "delivered";
            case "failed" -> "failed";
            default -> "retried";
        };
        meters.counter(METRIC, "outcome", result).increment();
        if (!"delivered".equals(result)) {
            log.info("webhooks: delivery {} ({} {}) to {} {}: {}", delivery.id(), delivery.eventType(),
                    delivery.webhookId(), WebhookProperties.Subscriber.redact(URI.create(delivery.subscriber())),
                    result, outcome.error());
        }
    }

    /**
     * The attempt's last_error. Storable: a subscriber's answer can put any byte into the exception's message (a NUL
     * in its status line), PostgreSQL refuses a NUL, and an attempt that cannot be recorded stays leased and is sent
     * again at every lease's end, for ever, never logged as failed.
     */
    static String describe(Throwable e) {
        String text = e instanceof TimeoutException ? "no answer within the request timeout"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return RequestFields.storable(text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text);
    }

    private record Outcome(String state, Integer status, String error, Duration delay) {
    }
}
