package io.zerone.insights.query.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sends cached bodies with their ETag, answering 304 to a matching If-None-Match (compared weakly, as RFC 9110 has it
 * for GET): strong, or made weak where Netty compresses the body per request, since a strong ETag names one sequence
 * of bytes (ADR 14).
 */
@Component
public class Responses {

    private final CacheControl cacheControl;
    private final JsonMapper json;
    private final ResponseCompression compression;

    Responses(HttpSettings settings, JsonMapper json, ResponseCompression compression) {
        this.cacheControl = CacheControl.maxAge(settings.maxAge())
                .staleWhileRevalidate(settings.staleWhileRevalidate())
                .cachePublic();
        this.json = json;
        this.compression = compression;
    }

    public CachedBody json(Object body) {
        return CachedBody.hashed(json.writeValueAsBytes(body), MediaType.APPLICATION_JSON);
    }

    public ResponseEntity<byte[]> send(ServerHttpRequest request, CachedBody body) {
        return send(request, HttpStatus.OK, body);
    }

    private ResponseEntity<byte[]> send(ServerHttpRequest request, HttpStatus status, CachedBody body) {
        String etag = compression.compressesPerRequest(request.getHeaders(), body) ? "W/" + body.etag() : body.etag();
        if (status == HttpStatus.OK && matches(ifNoneMatch(request), body.etag())) {
            // the 200 it stands for says Vary: Accept-Encoding when compressed per request (ResponseCompression)
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cacheControl)
                    .varyBy(HttpHeaders.ACCEPT_ENCODING).build();
        }
        return ResponseEntity.status(status).eTag(etag).cacheControl(cacheControl)
                .contentType(body.contentType()).body(body.bytes());
    }

    /**
     * Sends the stored coding the request's Accept-Encoding prefers, with its own ETag, and says that the choice
     * depends on Accept-Encoding; {@link ResponseCompression} leaves such a response as it is. A body stored in no
     * coding goes as any other, compressed per request where the client accepts it.
     */
    public ResponseEntity<byte[]> send(ServerHttpRequest request, Precompressed body) {
        if (body.encoded().isEmpty()) {
            return send(request, body.identity());
        }
        ContentCoding coding = body.choose(request.getHeaders().getOrEmpty(HttpHeaders.ACCEPT_ENCODING));
        CachedBody chosen = body.body(coding);
        if (matches(ifNoneMatch(request), chosen.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(chosen.etag()).cacheControl(cacheControl)
                    .varyBy(HttpHeaders.ACCEPT_ENCODING).build();
        }
        var response = ResponseEntity.ok().eTag(chosen.etag()).cacheControl(cacheControl)
                .varyBy(HttpHeaders.ACCEPT_ENCODING).contentType(chosen.contentType());
        if (coding != null) {
            response.header(HttpHeaders.CONTENT_ENCODING, coding.token());
        }
        return response.body(chosen.bytes());
    }

    /**
     * A permanent redirect to {@code path} on this site, the request's query kept: the address of a slug written with
     * capitals ({@link Slug#lowercased}).
     */
    public static ResponseEntity<byte[]> movedPermanently(ServerHttpRequest request, String path) {
        String query = request.getURI().getRawQuery();
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                .location(URI.create(query == null ? path : path + "?" + query)).build();
    }

    /**
     * The request's If-None-Match entity tags. Spring throws on a header that holds no tag ({@code abc}, an empty
     * value), which would answer a 500 to a client's mistake; such a precondition is ignored instead, as RFC 9110
     * lets a server do with one it cannot evaluate, and the full response goes.
     */
    private static List<String> ifNoneMatch(ServerHttpRequest request) {
        try {
            return request.getHeaders().getIfNoneMatch();
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private static boolean matches(List<String> ifNoneMatch, String etag) {
        return ifNoneMatch.stream().anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }
}
