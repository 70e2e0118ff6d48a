package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.zerone.insights.query.QueryServiceIntegrationTest;
import io.zerone.insights.query.TestPipeline;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * The operator's rebuild as the READMEs tell it: the service's jar once more, in a process of its own beside the
 * running service, with {@code --query.projection.rebuild=true} and the same database and broker. It prints its
 * RESULT lines, exits 0, and the running service then reads the new generation. ({@link RebuildIntegrationTests}
 * drives the same {@link Rebuild} inside the service, with readers and publishers through the switch.)
 */
@QueryServiceIntegrationTest
class RebuildCommandIntegrationTests {

    @Autowired
    TestPipeline pipeline;

    @Autowired
    DatabaseClient database;

    @Autowired
    WebTestClient http;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theRebuildCommandReplaysIntoANewGenerationPrintsWhatItDidAndExitsZero() throws Exception {
        pipeline.publishSeeds();
        // other tests of this JVM write rows straight into the projection, which a replay cannot match: the rebuild
        // would refuse to switch. Start from what the topic says, as RebuildIntegrationTests does.
        pipeline.replayFromTheBeginning(listeners.getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();
        String before = pipeline.activeGeneration();
        Path output = Files.createTempFile("rebuild-command", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                serviceJar().toString(), "--query.projection.rebuild=true",
                // it starts no web server; were it to, beside the running service
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrapServers()));
        command.addAll(Infrastructure.database().commandLineArguments());

        Process rebuild = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = rebuild.waitFor(4, TimeUnit.MINUTES);
        if (!exited) {
            rebuild.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        String printed = Files.readString(output);
        assertThat(exited).as("the rebuild exited within 4 minutes:\n%s", printed).isTrue();
        assertThat(rebuild.exitValue()).as(printed).isZero();
        String after = pipeline.activeGeneration();
        assertThat(after).isNotEqualTo(before);
        long live = database.sql("select count(*) from insight where removed_at is null")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(printed).containsPattern("(?m)^RESULT rebuild-insights " + live + "$")
                .containsPattern("(?m)^RESULT rebuild-rejected \\d+$").contains("RESULT rebuild-seconds ");
        // the old generation is gone, and the site reads the new one
        assertThat(database.sql("select count(*) from pg_namespace where nspname = :before").bind("before", before)
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
        // once more on a reset connection: a fresh-clone CI saw the client's pooled connection reset by the peer here
        // (2026-11-28, after the rebuild, not explained; the request itself is what is checked)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(WebClientRequestException.class)
                .untilAsserted(() -> http.get().uri("/insights/cache-without-a-lock-thundering-herd").exchange()
                        .expectStatus().isOk());
        Files.deleteIfExists(output);
    }

    /** The executable jar {@code package} built before the integration tests. */
    private static Path serviceJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "query-service-*-exec.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no query-service-*-exec.jar in target: run the integration tests with verify");
    }
}
