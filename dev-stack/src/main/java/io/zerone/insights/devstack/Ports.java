package io.zerone.insights.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dev stack's ports: the documented ones, or ports the system reports free ({@code --free-ports}), for a second
 * stack next to a developer's or a CI check that must not depend on what else runs.
 */
record Ports(int kafka, int kafkaController, int postgres, int ingest, int query, int render) {

    static final Ports DOCUMENTED = new Ports(9092, 9093, 15432, 8081, 8080, 8082);

    static Ports free() {
        // bound and released at once: another process could take one before the stack does, which fails its start loudly
        int[] ports = new int[6];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[i] = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]);
    }

    URI siteUrl() {
        return URI.create("http://localhost:" + query);
    }

    /** Where the site's absolute links point: {@code INSIGHTS_PUBLIC_BASE_URL}, else the stack's own query-service. */
    URI publicBaseUrl() {
        String configured = System.getenv("INSIGHTS_PUBLIC_BASE_URL");
        return configured != null && !configured.isBlank() ? URI.create(configured) : siteUrl();
    }

    /** Arguments for every service: the stores on these ports, one public base URL for the services that link to the site. */
    String[] arguments() {
        List<String> arguments = new ArrayList<>();
        // the name every property that links to the site reads (pages, receipts, previews, webhooks): one argument,
        // so that a property added later cannot be left pointing at 8080 (the webhooks' was, with --free-ports)
        arguments.add("--INSIGHTS_PUBLIC_BASE_URL=" + publicBaseUrl());
        // each service's actuator on the service's own port: ingest and query both read INSIGHTS_MANAGEMENT_PORT (one
        // per container in docker-compose), and in one JVM an exported value would have both bind the same port
        arguments.add("--INSIGHTS_MANAGEMENT_PORT=");
        if (!equals(DOCUMENTED)) {
            // the names the services' properties files read their stores' addresses from (environment or arguments)
            arguments.add("--KAFKA_BOOTSTRAP_SERVERS=localhost:" + kafka);
            arguments.add("--POSTGRES_PORT=" + postgres);
        }
        return arguments.toArray(String[]::new);
    }

    Map<String, List<String>> ownArguments() {
        return Map.of("ingest-service", List.of("--server.port=" + ingest),
                "render-service", List.of("--server.port=" + render),
                "query-service", List.of("--server.port=" + query));
    }
}
