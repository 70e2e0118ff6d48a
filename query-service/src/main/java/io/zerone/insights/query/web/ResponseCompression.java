package io.zerone.insights.query.web;

import java.util.function.BiPredicate;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

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
 * included. Its ETag stays the identity's, as ADR 14 says.
 */
@Component
class ResponseCompression implements NettyServerCustomizer {

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

    static boolean choseItsCoding(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || headers.containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true);
    }
}
