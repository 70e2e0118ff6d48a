package io.zerone.insights.query.web;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A body stored in several content codings, each ready to send with a strong ETag of its own (a strong ETag names
 * one sequence of bytes, so the gzip and the identity bytes of one page cannot share it): {@link Responses} sends the
 * one a request's Accept-Encoding prefers, as stored.
 *
 * @param identity the body itself
 * @param encoded the same body in the codings it is stored in; may be empty
 */
public record Precompressed(CachedBody identity, Map<ContentCoding, CachedBody> encoded) {

    public Precompressed {
        encoded = encoded.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(encoded));
    }

    /**
     * A stored page, tagged with the content hash render-service computed for it; its codings tagged with that hash
     * and the coding. {@code gzip} or {@code brotli} may be null where the page is not stored so.
     */
    public static Precompressed page(String html, String contentHash, byte[] gzip, byte[] brotli) {
        Map<ContentCoding, CachedBody> encoded = new EnumMap<>(ContentCoding.class);
        if (gzip != null) {
            encoded.put(ContentCoding.GZIP, encoding(gzip, contentHash, ContentCoding.GZIP));
        }
        if (brotli != null) {
            encoded.put(ContentCoding.BROTLI, encoding(brotli, contentHash, ContentCoding.BROTLI));
        }
        return new Precompressed(new CachedBody(html.getBytes(StandardCharsets.UTF_8), "\"" + contentHash + "\"",
                CachedBody.HTML), encoded);
    }

    /**
     * A page made at read time from a stored one (the article with its related insights), compressed now at the
     * levels of the stored pages, once per cache entry; tagged like a stored page, with the hash of its bytes.
     */
    public static Precompressed compress(String html) {
        byte[] identity = html.getBytes(StandardCharsets.UTF_8);
        String hash = CachedBody.sha256(identity);
        return page(html, hash, PageCompression.gzip(identity, PageCompression.GZIP_LEVEL),
                PageCompression.BROTLI ? PageCompression.brotli(identity, PageCompression.BROTLI_QUALITY) : null);
    }

    private static CachedBody encoding(byte[] bytes, String contentHash, ContentCoding coding) {
        return new CachedBody(bytes, "\"" + contentHash + "-" + coding.token() + "\"", CachedBody.HTML);
    }

    /** The coding to send for these Accept-Encoding values; null for identity. */
    ContentCoding choose(List<String> acceptEncoding) {
        return ContentCoding.choose(acceptEncoding, encoded.keySet());
    }

    CachedBody body(ContentCoding coding) {
        return coding == null ? identity : encoded.get(coding);
    }
}
