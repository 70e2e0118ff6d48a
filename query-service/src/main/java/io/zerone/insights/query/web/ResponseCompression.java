package io.zerone.insights.query.web;

import java.util.function.BiPredicate;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.compression.DeflateOption;
import reactor.netty.http.server.compression.GzipOption;

/**
 * Spring's response compression ({@code server.compression.*}) stays for the responses made per request, and leaves
 * alone a response that chose its own coding: one with a Content-Encoding, or one that varies by Accept-Encoding
 * ({@link Responses#send(org.springframework.http.server.reactive.ServerHttpRequest, Precompressed)}). Netty would
 * not compress a body that has a Content-Encoding again, but the identity bytes of a stored page would still be
 * deflated for a client that accepts deflate and neither gzip nor brotli, under the identity's strong ETag; and
 * skipping the compression handler saves putting it into the pipeline for every such response.
 *
 * <p>The codings per request stay gzip and deflate, as before brotli4j came onto the classpath for the stored pages
 * (Netty would otherwise start compressing every dynamic response in brotli, at a cost no benchmark measured).
 */
@Component
class ResponseCompression implements NettyServerCustomizer {

    @Override
    public HttpServer apply(HttpServer server) {
        BiPredicate<HttpServerRequest, HttpServerResponse> configured = server.configuration().compressPredicate();
        if (configured == null) { // server.compression.enabled=false, or a minimum size alone: nothing to refine
            return server;
        }
        return server.compress(configured.and((request, response) -> !choseItsCoding(response.responseHeaders())))
                .compressOptions(GzipOption.builder().build(), DeflateOption.builder().build());
    }

    static boolean choseItsCoding(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || headers.containsValue(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING, true);
    }
}
