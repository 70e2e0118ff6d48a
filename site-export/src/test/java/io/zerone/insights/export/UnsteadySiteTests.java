package io.zerone.insights.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The export against a site that is not always there: a page that is busy at first, and one whose connection always
 * breaks. A JDK HTTP server plays the site, because query-service cannot be made to drop one URL's connection.
 */
class UnsteadySiteTests {

    @TempDir
    Path folder;

    private HttpServer server;
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    @BeforeEach
    void startTheSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int attempt = asked.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/" -> answer(exchange, 200, "text/html", """
                        <!doctype html><title>Site</title><a href="/steady">s</a> <a href="/busy-at-first">b</a>
                        <a href="/breaks">x</a> <a href="/after-the-break">a</a>""");
                case "/busy-at-first" -> answer(exchange, attempt < 3 ? 503 : 200, "text/html",
                        "<!doctype html><title>Busy</title>attempt " + attempt);
                // the server closes the connection without an answer
                case "/breaks" -> throw new IOException("the connection breaks");
                case "/sitemap.xml", "/insights/feed.xml" -> answer(exchange, 200, "application/xml", "<urlset/>");
                case "/steady", "/after-the-break" -> answer(exchange, 200, "text/html",
                        "<!doctype html><title>Steady</title>" + path);
                default -> answer(exchange, 404, "text/html", "<!doctype html><title>Not found</title>");
            }
        });
        server.start();
    }

    @AfterEach
    void stopTheSite() {
        server.stop(0);
    }

    @Test
    void aBrokenConnectionIsAskedAgainThenReportedAndTheRestOfTheSiteIsStillExported() throws Exception {
        URI site = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        SiteExport.Result result = SiteExport.export(site, site, folder.resolve("site"));

        assertThat(result.broken()).containsOnlyKeys("/breaks");
        assertThat(result.broken().get("/breaks")).startsWith("did not answer: ");
        // at least: the JDK client itself sends a GET once more on a connection that broke
        assertThat(asked.get("/breaks").get()).isGreaterThanOrEqualTo(SiteExport.ATTEMPTS);
        assertThat(result.written()).containsKeys("/", "/steady", "/busy-at-first", "/after-the-break");
        assertThat(Files.readString(SitePaths.file(folder.resolve("site"), "/busy-at-first"))).endsWith("attempt 3");
        assertThat(SitePaths.file(folder.resolve("site"), "/after-the-break")).exists();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + ";charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
