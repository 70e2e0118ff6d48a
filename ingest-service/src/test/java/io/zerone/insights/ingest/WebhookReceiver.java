package io.zerone.insights.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscriber, as a webhook receiver would be written from the Standard Webhooks specification alone: the JDK's HTTP
 * server, verifying every request's signature (HMAC-SHA256 with the decoded {@code whsec_} secret over
 * {@code id.timestamp.body}, compared in constant time, the timestamp within five minutes) before it answers 2xx.
 * A request that does not verify is answered 401 and kept as such. It can be told to answer 500 to chosen slugs, and
 * to never answer at a chosen path (a subscriber that hangs).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String path, String webhookId, long timestamp, String signature, String body, boolean verified,
            int answered, long receivedNanos) {

        JsonNode json() {
            return JsonMapper.builder().build().readTree(body);
        }

        String type() {
            return json().get("type").stringValue();
        }

        String slug() {
            JsonNode slug = json().get("data").get("slug");
            return slug == null || slug.isNull() ? null : slug.stringValue();
        }
    }

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final HttpServer server;
    private final byte[] key;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Slugs answered 500 once per webhook-id, then 204. */
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    /** Slugs answered 500 every time until forgiven. */
    private final Set<String> failAlways = ConcurrentHashMap.newKeySet();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    /** Paths whose requests are kept (answered 0) and never answered: the connection stays open till the sender ends it. */
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();

    WebhookReceiver(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void failOnce(String slug) {
        failOnce.add(slug);
    }

    void failAlways(String slug) {
        failAlways.add(slug);
    }

    /** Never answers a request to the path; without holding a thread, so the other paths are answered meanwhile. */
    void hang(String path) {
        hanging.add(path);
    }

    void forgive(String slug) {
        failAlways.remove(slug);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> at(String path, String slug) {
        return received.stream().filter(r -> r.path().equals(path) && slug.equals(r.slug())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        long sentAt = timestamp == null ? -1 : Long.parseLong(timestamp);
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean verified = verify(id, timestamp, signatures, body);
        String text = new String(body, StandardCharsets.UTF_8);
        if (hanging.contains(path)) {
            // not closed, no thread held: the sender waits until its own timeout (or close() ends the connection)
            received.add(new Received(path, id, sentAt, signatures, text, verified, 0, now));
            return;
        }
        try (exchange) {
            String slug = verified ? slugOf(text) : null;
            int status = !verified ? 401
                    : failAlways.contains(slug) ? 500
                    : failOnce.contains(slug) && failedOnce.add(path + id) ? 500
                    : 204;
            received.add(new Received(path, id, sentAt, signatures, text, verified, status, now));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private boolean verify(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, Instant.now()).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        // space-separated; any v1 that matches will do (a sender rotating its secret signs with both)
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    private static String slugOf(String body) {
        JsonNode slug = JsonMapper.builder().build().readTree(body).get("data").get("slug");
        return slug == null || slug.isNull() ? null : slug.stringValue();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
