package io.zerone.insights.faultrun;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults, each a kill -9 and an immediate restart on the same data, and how long until the pipeline works again:
 * kill-to-readable is the time from the kill until an insight published after the restart is readable on
 * query-service.
 */
final class Faults {

    /** One fault's figures; {@code readyAfter} is when the restarted process(es) answered ready. */
    record Recovery(String fault, Instant killedAt, Duration readyAfter, Duration readableAfter) {
    }

    static final String RENDER = "render-service kill -9";
    static final String QUERY = "query-service kill -9";
    static final String STORES = "Kafka + PostgreSQL kill -9";
    private static final Duration READABLE_TIMEOUT = Duration.ofMinutes(5);

    final List<Recovery> recoveries = new ArrayList<>();
    private final Stack stack;
    private final EditorialClient client;
    private final Ledger ledger;
    private final QuerySurfaces surfaces;
    private final Visitor visitor;
    private int probes;

    Faults(Stack stack, EditorialClient client, Ledger ledger, QuerySurfaces surfaces, Visitor visitor) {
        this.stack = stack;
        this.visitor = visitor;
        this.client = client;
        this.ledger = ledger;
        this.surfaces = surfaces;
    }

    void killRender() {
        long killed = System.nanoTime();
        Instant at = Instant.now();
        visitor.phase(RENDER);
        stack.render.kill();
        stack.render.start();
        Operation probe = probe("render");
        stack.awaitReady(stack.render, stack.renderPort);
        Duration ready = since(killed);
        awaitReadable(probe);
        recovered(new Recovery(RENDER, at, ready, since(killed)));
    }

    void killQuery() {
        long killed = System.nanoTime();
        Instant at = Instant.now();
        visitor.phase(QUERY);
        stack.query.kill();
        stack.query.start();
        Operation probe = probe("query");
        stack.awaitReady(stack.query, stack.queryPort);
        Duration ready = since(killed);
        awaitReadable(probe);
        recovered(new Recovery(QUERY, at, ready, since(killed)));
    }

    /** {@code afterKill} runs once both are dead, before they restart. */
    void killStores(Runnable afterKill) {
        long killed = System.nanoTime();
        Instant at = Instant.now();
        visitor.phase(STORES);
        stack.killStores();
        afterKill.run();
        stack.startStores();
        Duration ready = since(killed);
        Operation probe = probe("stores");
        awaitReadable(probe);
        recovered(new Recovery(STORES, at, ready, since(killed)));
    }

    /** A new insight published after the restart, retried by the client until the API accepts it. */
    Operation probe(String fault) {
        int n = ++probes;
        Operation operation = new Operation("fault-run-probe-" + fault + "-" + n, 1, Operation.Kind.PUBLISH,
                "fault-run-probe-" + fault + "-" + n, "Fault run probe after the " + fault + " restart",
                "probe" + "abcdefghij".charAt(n % 10) + fault.replace("-", ""), Instant.parse("2019-06-01T00:00:00Z")
                        .plusSeconds(n));
        return publish(operation);
    }

    Operation publish(Operation operation) {
        EditorialClient.Outcome outcome = client.send(operation);
        if (outcome.accepted()) {
            ledger.accepted(operation);
        } else {
            ledger.unknown(operation);
            throw new IllegalStateException("the API did not accept " + operation.slug() + ": " + outcome);
        }
        return operation;
    }

    void awaitReadable(Operation operation) {
        long deadline = System.nanoTime() + READABLE_TIMEOUT.toNanos();
        while (!operation.title().equals(surfaces.json(operation.slug()).title())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(operation.slug() + " not readable after " + READABLE_TIMEOUT);
            }
            Pause.briefly(Duration.ofMillis(100));
        }
    }

    private void recovered(Recovery recovery) {
        recoveries.add(recovery);
        visitor.phase(Visitor.STEADY);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
