package io.zerone.insights.query.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.MediaType;

/** A response body ready to send, with its strong entity tag (quoted, as it goes on the wire). */
public record CachedBody(byte[] bytes, String etag, MediaType contentType) {

    public static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    /** A body whose entity tag is the hash of its bytes. */
    public static CachedBody hashed(byte[] bytes, MediaType contentType) {
        return new CachedBody(bytes, "\"" + sha256(bytes) + "\"", contentType);
    }

    public static CachedBody hashed(String text, MediaType contentType) {
        return hashed(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static String sha256(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
