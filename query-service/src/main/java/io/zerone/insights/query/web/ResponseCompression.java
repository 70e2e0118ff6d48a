package io.zerone.insights.query.web;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Spring's response compression ({@code server.compression.*}) stays for the responses made per request, and leaves
 * alone a response that chose its own coding: one with a Content-Encoding, or one that varies by Accept-Encoding
 * ({@link Responses#send(org.springframework.http.server.reactive.ServerHttpRequest, Precompressed)}). Netty would
 * not compress a body that has a Content-Encoding again, but the identity bytes of a stored page would still be
 * deflated for a client that accepts deflate and neither gzip nor brotli, under the identity's strong ETag; and
 * skipping the compression handler saves putting it into the pipeline for every such response.
 *
 * <p>With brotli4j on the classpath (for the stored pages) Netty also compresses per request in brotli, at its
 * default quality 4, for a client that prefers it; Reactor Netty's compression options can tune a coding, not leave
 * one out. Per page that costs about what gzip 6 does (PageCompressionBenchmark: brotli 4 about 1.4x gzip 6).
 *
 * <p>A response compressed per request says {@code Vary: Accept-Encoding}, whatever coding this client got, identity
 * included. Its ETag is the identity's made weak ({@link #compressesPerRequest}, ADR 14): a strong one names one
 * sequence of bytes, and gzip made now is another.
 */
@Component
class ResponseCompression implements NettyServerCustomizer {

    /** Netty's own choice of a coding, among those Reactor Netty compresses in by default, as its compressor makes it. */
    private static final Codings NETTY = new Codings();

    private final Compression settings;
    private final List<MimeType> mimeTypes;

    /** Without a web server (the rebuild command, tests of the projector alone) there is no ServerProperties. */
    ResponseCompression(ObjectProvider<ServerProperties> server) {
        this.settings = server.getIfAvailable(ServerProperties::new).getCompression();
        this.mimeTypes = Arrays.stream(settings.getAllMimeTypes()).map(MimeTypeUtils::parseMimeType).toList();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        BiPredicate<HttpServerRequest, HttpServerResponse> configured = server.configuration().compressPredicate();
        if (configured == null) { // server.compression.enabled=false, or a minimum size alone: nothing to refine
            return server;
        }
        return server.compress((request, response) -> {
            if (!configured.test(request, response) || choseItsCoding(response.responseHeaders())) {
                return false;
            }
            // From here Netty picks the coding by the request's Accept-Encoding, and neither it nor Spring says so: a
            // shared cache told nothing would hand these gzip bytes to a client that never asked for gzip. The headers
            // are not written yet when Reactor Netty asks this predicate.
            response.responseHeaders().add(HttpHeaderNames.VARY, org.springframework.http.HttpHeaders.ACCEPT_ENCODING);
            return true;
        });
    }

    /**
     * Whether Netty compresses this body when it answers this request (a HEAD: would compress it for the GET): what
     * Boot's settings let it (the type among {@code server.compression.mime-types}, at least
     * {@code min-response-size} bytes, no excluded user agent), and a coding Netty chooses from Accept-Encoding, chosen
     * by Netty's own code. {@link Responses} makes the ETag of such a body weak, on its 304 too, which must carry the
     * tag its 200 would have: the 304 is made before Netty sees a response.
     */
    boolean compressesPerRequest(org.springframework.http.HttpHeaders request, CachedBody body) {
        if (!settings.getEnabled()
                || (!settings.getMinResponseSize().isNegative()
                        && body.bytes().length < settings.getMinResponseSize().toBytes())
                || mimeTypes.stream().noneMatch(type -> type.isCompatibleWith(body.contentType()))) {
            return false;
        }
        String[] excluded = settings.getExcludedUserAgents();
        List<String> userAgents = request.getOrEmpty(org.springframework.http.HttpHeaders.USER_AGENT);
        if (excluded != null && Arrays.stream(excluded).anyMatch(agent -> userAgents.stream()
                .anyMatch(agent::equalsIgnoreCase))) {
            return false;
        }
        List<String> acceptEncoding = request.getOrEmpty(org.springframework.http.HttpHeaders.ACCEPT_ENCODING);
        return !acceptEncoding.isEmpty() && NETTY.encoding(String.join(",", acceptEncoding)) != null;
    }

    static boolean choseItsCoding(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || headers.containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true);
    }

    private static final class Codings extends HttpContentCompressor {

        String encoding(String acceptEncoding) {
            return determineEncoding(acceptEncoding);
        }
    }
}
