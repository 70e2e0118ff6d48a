package io.zerone.insights.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.zerone.insights.testsupport.WithKafka;
import io.zerone.insights.testsupport.WithPostgres;

/** A client that stops sending its body is answered and let go within the request body timeout, not waited for. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "insights.ingest.server.request-body-timeout=1s"})
@WithKafka
@WithPostgres
class SlowRequestsIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void aBodyThatStopsArrivingIsAnswered408ProblemAndItsConnectionClosed() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("""
                    POST /api/insights HTTP/1.1\r
                    Host: localhost\r
                    Authorization: Bearer dev-insights-key\r
                    Content-Type: application/json\r
                    Content-Length: 100\r
                    \r
                    {""".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // everything the server sends until it closes the connection; the other 99 bytes never come
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readToEnd(socket));

            await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
            assertThat(answer.join()).startsWith("HTTP/1.1 408 ")
                    .contains("Content-Type: application/problem+json")
                    .contains("\"detail\":\"the request body did not arrive within 1 s; send it again\"");
        }
    }

    private static String readToEnd(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
