package io.zerone.insights.faultrun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many slugs, each with several revisions and some unpublications, sent by {@code clients} editors at a steady pace.
 * Each editor owns its slugs and waits for one answer before its next request, so a slug's operations reach the API in
 * order and "the last accepted" is well defined. About 1% of requests are sent a second time later, after the slug's
 * next operation was accepted: a duplicate that the API must answer with the original answer and publish nothing for.
 */
final class Workload {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    final List<List<Operation>> byClient = new ArrayList<>();
    final int size;
    final AtomicLong duplicatesSent = new AtomicLong();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final SplittableRandom random;
    private final double duplicateShare;

    Workload(int operations, int slugs, int clients, long seed, double duplicateShare) {
        this.random = new SplittableRandom(seed);
        this.duplicateShare = duplicateShare;
        for (int c = 0; c < clients; c++) {
            byClient.add(new ArrayList<>());
        }
        Map<String, Operation> lastOf = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < slugs; s++) {
            names.add("fault-run-" + s + "-" + word(6));
        }
        for (int i = 0; i < operations; i++) {
            // the first operations publish every slug once; then revisions and unpublications of random slugs
            String slug = i < slugs ? names.get(i) : names.get(random.nextInt(slugs));
            Operation previous = lastOf.get(slug);
            Operation operation = next(slug, previous, i);
            lastOf.put(slug, operation);
            byClient.get(Math.floorMod(slug.hashCode(), clients)).add(operation);
        }
        size = operations;
    }

    private Operation next(String slug, Operation previous, int index) {
        int revision = previous == null ? 1 : previous.revision() + 1;
        String key = "fault-run-" + index + "-" + word(10);
        boolean unpublish = previous != null && previous.kind() == Operation.Kind.PUBLISH && random.nextInt(4) == 0;
        if (unpublish) {
            return new Operation(slug, revision, Operation.Kind.UNPUBLISH, key, null, null, null);
        }
        // a third of the revisions move the insight in the listing (a new publishedAt); the rest keep its place
        Instant publishedAt = previous != null && previous.publishedAt() != null && random.nextInt(3) != 0
                ? previous.publishedAt()
                : Instant.parse("2020-01-01T00:00:00Z").plusSeconds(random.nextLong(6L * 365 * 24 * 3600));
        String token = word(12);
        return new Operation(slug, revision, Operation.Kind.PUBLISH, key, "Fault run " + slug + " revision " + revision,
                token, publishedAt);
    }

    /** Runs every client's operations; returns when all are answered or given up. */
    void run(EditorialClient client, Ledger ledger, Pacer pacer) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (List<Operation> operations : byClient) {
            long seed = random.nextLong();
            Thread thread = new Thread(() -> runClient(operations, client, ledger, pacer, new SplittableRandom(seed)),
                    "editor-" + threads.size());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void runClient(List<Operation> operations, EditorialClient client, Ledger ledger, Pacer pacer,
            SplittableRandom random) {
        Map<String, Sent> duplicates = new HashMap<>();
        for (Operation operation : operations) {
            pacer.acquire();
            if (ledger.isUnknown(operation.slug())) {
                continue; // its truth is open between two states: a further request would make it unknowable
            }
            EditorialClient.Outcome outcome = client.send(operation);
            switch (outcome.status()) {
                case ACCEPTED -> ledger.accepted(operation);
                case UNKNOWN -> ledger.unknown(operation);
                case REJECTED -> failures.add("rejected " + operation.kind() + " " + operation.slug() + " revision "
                        + operation.revision() + ": " + outcome.httpStatus() + " " + outcome.detail());
            }
            if (!outcome.accepted()) {
                continue;
            }
            Sent earlier = duplicates.remove(operation.slug());
            if (earlier != null) {
                duplicate(client, earlier);
            }
            if (random.nextDouble() < duplicateShare) {
                duplicates.put(operation.slug(), new Sent(operation, outcome.eventId()));
            }
        }
        duplicates.values().forEach(sent -> duplicate(client, sent));
    }

    private void duplicate(EditorialClient client, Sent sent) {
        duplicatesSent.incrementAndGet();
        EditorialClient.Outcome again = client.resend(sent.operation());
        if (!again.accepted() || !sent.eventId().equals(again.eventId())) {
            failures.add("duplicate of " + sent.operation().kind() + " " + sent.operation().slug() + " revision "
                    + sent.operation().revision() + " (key " + sent.operation().key() + ") answered "
                    + again.status() + " " + again.httpStatus() + " event " + again.eventId() + ", the original "
                    + sent.eventId());
        }
    }

    private String word(int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return word.toString();
    }

    private record Sent(Operation operation, String eventId) {
    }
}
