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

/**
 * A client that stops sending its body is answered and let go within the request body timeout, and one that trickles
 * its headers, or sends none, is let go within the header timeout: neither holds a connection for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + IngestServiceApplication.CONFIG_NAME,
                "insights.ingest.server.request-body-timeout=1s",
                "insights.ingest.server.request-header-timeout=2s"})
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

    @Test
    void headersThatTrickleInAreCutOffAtTheHeaderTimeout() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /openapi.yaml HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readToEnd(socket));

            // a header line a second: each keeps the connection busy, none completes the headers
            for (int line = 0; line < 10 && !answer.isDone(); line++) {
                await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
                try {
                    out.write(("X-Slow-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    break; // the server closed it
                }
            }

            await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
            assertThat(answer.join()).isEmpty(); // closed with no answer: there was no request to answer
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAndOneThatAsksIsAnswered() throws IOException {
        try (Socket silent = new Socket("localhost", port); Socket asking = new Socket("localhost", port)) {
            CompletableFuture<String> nothing = CompletableFuture.supplyAsync(() -> readToEnd(silent));
            asking.getOutputStream().write("GET /openapi.yaml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));

            assertThat(readToEnd(asking)).startsWith("HTTP/1.1 200 ");
            await().atMost(Duration.ofSeconds(5)).until(nothing::isDone);
            assertThat(nothing.join()).isEmpty();
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
