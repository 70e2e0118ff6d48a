package io.zerone.insights.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the whole public site into a folder by crawling a running query-service: from {@code /}, the sitemap, the
 * feed, {@code robots.txt} and the 404 page it follows every link of the site's own in every page, feed and stylesheet,
 * and writes each answer where a static file server finds it for the same URL ({@link SitePaths}). What it writes
 * is what query-service serves, with the public base URL that query-service and render-service are configured with;
 * only links with a query string are rewritten to paths. A redirect becomes a small page that refreshes to its
 * target. A connection that fails or a 503 is asked again, {@value #ATTEMPTS} times in all; any link of the site that
 * then does not answer 2xx or 3xx fails the export, after everything else is written.
 * Why a crawler and not an export mode inside query-service: docs/adr/0026-static-export-by-crawling-the-site.md.
 */
public final class SiteExport {

    /** Asked for on every site; a 404 for them is no broken link. */
    private static final List<String> OPTIONAL = List.of("/robots.txt", "/favicon.ico");
    /** Asked for to get the site's 404 page, written to {@code 404.html} for the server's error page. */
    static final String NOT_FOUND_PROBE = "/404.html";

    /** How often a ref is asked for when the connection fails or the site is busy (503), the waits growing. */
    static final int ATTEMPTS = 4;
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);

    private final URI site;
    private final Links links;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /**
     * @param written every ref (path and query) of the site that the export holds, mapped to the URL under which
     *                the export serves it
     * @param broken  refs linked from the site that did not answer 2xx or 3xx, with what they answered ("answered
     *                500", "did not answer: ...")
     */
    public record Result(Map<String, String> written, Map<String, String> broken) {
    }

    private SiteExport(URI site, URI publicBase) {
        this.site = site;
        this.links = new Links(site, publicBase);
    }

    /**
     * Exports the site that answers at {@code site} into {@code folder}, which must be absent or empty.
     *
     * @param publicBase the public base URL the site's absolute links start with (its canonical URLs, feed, sitemap)
     */
    public static Result export(URI site, URI publicBase, Path folder) throws IOException, InterruptedException {
        return new SiteExport(site, publicBase).crawl(ExportFolder.empty(folder));
    }

    private Result crawl(ExportFolder folder) throws IOException, InterruptedException {
        Map<String, String> written = new LinkedHashMap<>();
        Map<String, String> broken = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/", "/sitemap.xml", "/insights/feed.xml"));
        queue.addAll(OPTIONAL);
        Set<String> seen = new HashSet<>(queue);

        try {
            HttpResponse<byte[]> notFound = get(NOT_FOUND_PROBE);
            if (notFound.statusCode() == 404) {
                folder.writeNotFoundPage(notFound.body());
                enqueue(followed(NOT_FOUND_PROBE, notFound), queue, seen);
            }
        } catch (IOException e) {
            broken.put(NOT_FOUND_PROBE, "did not answer: " + e);
        }

        while (!queue.isEmpty()) {
            String ref = queue.poll();
            HttpResponse<byte[]> response;
            try {
                response = get(ref);
            } catch (IOException e) {
                // one URL the site could not answer does not lose the rest of the export
                broken.put(ref, "did not answer: " + e);
                continue;
            }
            int status = response.statusCode();
            String exported = SitePaths.exported(ref);
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                String location = response.headers().firstValue("Location").get();
                Optional<String> target = links.internalRef(site.resolve(ref), location);
                // to the site: a path, which holds wherever the export is served; elsewhere: as it is
                folder.writeRedirect(exported, target.map(SitePaths::exported).orElse(location));
                target.ifPresent(internal -> enqueue(List.of(internal), queue, seen));
                written.put(ref, exported);
            } else if (status >= 200 && status < 300) {
                folder.write(exported, rewritten(ref, response));
                enqueue(followed(ref, response), queue, seen);
                written.put(ref, exported);
            } else if (!(status == 404 && OPTIONAL.contains(ref))) {
                broken.put(ref, "answered " + status);
            }
        }
        return new Result(written, broken);
    }

    private List<String> followed(String ref, HttpResponse<byte[]> response) {
        String type = contentType(response);
        if (!isText(type)) {
            return List.of();
        }
        return new ArrayList<>(links.in(new String(response.body(), StandardCharsets.UTF_8), type, ref));
    }

    private byte[] rewritten(String ref, HttpResponse<byte[]> response) {
        String type = contentType(response);
        if (!type.contains("html") && !type.contains("xml")) {
            return response.body();
        }
        String document = new String(response.body(), StandardCharsets.UTF_8);
        return SitePaths.rewriteLinks(document, value -> links.exported(value, ref)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code document}, served by the site at {@code ref}, as the export writes it: the site's links with a query
     * string rewritten to the paths the export serves them under (and absolute ones to the crawled address to the
     * public base URL), the rest byte for byte unchanged.
     */
    public static String exportedDocument(URI site, URI publicBase, String ref, String document) {
        Links links = new Links(site, publicBase);
        return SitePaths.rewriteLinks(document, value -> links.exported(value, ref));
    }

    private static void enqueue(List<String> refs, Deque<String> queue, Set<String> seen) {
        for (String ref : refs) {
            if (seen.add(ref)) {
                queue.add(ref);
            }
        }
    }

    /** The site's answer, asked again after a failed connection or a 503; the last failure when none came. */
    private HttpResponse<byte[]> get(String ref) throws IOException, InterruptedException {
        // identity only: the export holds the bytes; a server may compress them again
        HttpRequest request = HttpRequest.newBuilder(site.resolve(ref)).timeout(Duration.ofSeconds(30)).GET().build();
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 503 || attempt == ATTEMPTS) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").toLowerCase();
    }

    private static boolean isText(String type) {
        return type.contains("html") || type.contains("xml") || type.contains("css");
    }

    /**
     * {@code site-export SITE_URL FOLDER [PUBLIC_BASE_URL]}: exports the query-service answering at SITE_URL. The
     * public base URL defaults to {@code INSIGHTS_PUBLIC_BASE_URL}, else SITE_URL.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("""
                    usage: site-export SITE_URL FOLDER [PUBLIC_BASE_URL]
                      SITE_URL         where a query-service answers, e.g. http://localhost:8080
                      FOLDER           absent or empty; gets the whole public site as static files
                      PUBLIC_BASE_URL  the base URL the site's absolute links start with
                                       (default: $INSIGHTS_PUBLIC_BASE_URL, else SITE_URL)""");
            System.exit(2);
        }
        URI site = URI.create(args[0]);
        String configured = System.getenv("INSIGHTS_PUBLIC_BASE_URL");
        URI publicBase = URI.create(args.length == 3 ? args[2] : configured != null ? configured : args[0]);
        System.exit(report(export(site, publicBase, Path.of(args[1])), Path.of(args[1])));
    }

    /** Prints what was exported; 0 when no link was broken, 1 otherwise. */
    public static int report(Result result, Path folder) {
        System.out.printf("Exported %d URLs of the site into %s%n", result.written().size(), folder.toAbsolutePath());
        result.broken().forEach((ref, answer) -> System.err.printf("broken link: %s %s%n", ref, answer));
        return result.broken().isEmpty() ? 0 : 1;
    }
}
