package io.zerone.insights.faultrun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest API used as a careful editorial system uses it: every request with its own Idempotency-Key, and on a
 * 503, 429, 409, timeout or broken connection the same request again with the same key, after Retry-After or a
 * back-off, until the answer is known or the retry budget is spent.
 */
final class EditorialClient {

    /** The answer to an operation: accepted (with its event id), rejected (a 4xx that retrying cannot change), or unknown. */
    record Outcome(Status status, int httpStatus, String eventId, String detail) {

        enum Status { ACCEPTED, REJECTED, UNKNOWN }

        boolean accepted() {
            return status == Status.ACCEPTED;
        }
    }

    final AtomicLong operations = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong connectionErrors = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();

    private final URI ingest;
    private final Duration retryBudget;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    EditorialClient(URI ingest, Duration retryBudget) {
        this.ingest = ingest;
        this.retryBudget = retryBudget;
    }

    Outcome send(Operation operation) {
        operations.incrementAndGet();
        return deliver(operation);
    }

    /** The same request once more, as a client that lost the answer would send it: same key, same body. */
    Outcome resend(Operation operation) {
        return deliver(operation);
    }

    private Outcome deliver(Operation operation) {
        HttpRequest request = request(operation);
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Duration backOff = Duration.ofMillis(250);
        String last = "no answer";
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
            }
            requests.incrementAndGet();
            Duration wait = backOff;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new Outcome(Outcome.Status.ACCEPTED, status,
                            json.readTree(response.body()).path("eventId").asString(), null);
                }
                last = status + " " + response.body();
                switch (status) {
                    case 503 -> unavailable.incrementAndGet();
                    case 429 -> rateLimited.incrementAndGet();
                    case 409 -> inFlight.incrementAndGet(); // the first attempt is still waiting for Kafka
                    default -> {
                        if (status < 500) {
                            return new Outcome(Outcome.Status.REJECTED, status, null, response.body());
                        }
                        serverErrors.incrementAndGet();
                    }
                }
                wait = retryAfter(response).orElse(backOff);
            } catch (HttpTimeoutException e) {
                timeouts.incrementAndGet();
                last = "timeout";
            } catch (IOException e) {
                connectionErrors.incrementAndGet();
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Outcome.Status.UNKNOWN, 0, null, "interrupted");
            }
            if (System.nanoTime() + wait.toNanos() > deadline) {
                return new Outcome(Outcome.Status.UNKNOWN, 0, null, last);
            }
            Pause.briefly(wait);
            backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                    : backOff.multipliedBy(2);
        }
    }

    private HttpRequest request(Operation operation) {
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + Stack.API_KEY)
                .header("Idempotency-Key", operation.key());
        if (operation.kind() == Operation.Kind.PUBLISH) {
            return builder.uri(ingest.resolve("/api/insights")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(operation.json())).build();
        }
        return builder.uri(ingest.resolve("/api/insights/" + operation.slug() + "?reason=fault-run")).DELETE().build();
    }

    /** Retry-After in seconds, honoured up to 5 s. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.min(5, Math.max(0, Long.parseLong(value.strip())))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
