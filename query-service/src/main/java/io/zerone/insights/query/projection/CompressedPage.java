package io.zerone.insights.query.projection;

import java.nio.charset.StandardCharsets;

import io.zerone.insights.query.web.PageCompression;

/**
 * An article page compressed once, when it is projected, so that the site sends stored bytes whatever coding a
 * visitor accepts instead of compressing on every request. The levels suit the projector's budget (issue 8: 1,500
 * insights/s on 2 cores): on pages of ~6 KB both codings together cost ~0.16 ms of CPU a page, a quarter of a core
 * at 1,500/s, spent while the batch is decoded, before its transaction ({@code PageCompressionBenchmark};
 * docs/benchmarks.md has the figures). The compressing itself is {@link PageCompression}.
 *
 * @param gzip the page's UTF-8 bytes in gzip
 * @param brotli the same in brotli, or null where brotli4j has no native library for this platform
 */
record CompressedPage(byte[] gzip, byte[] brotli) {

    static final int GZIP_LEVEL = PageCompression.GZIP_LEVEL;

    static final int BROTLI_QUALITY = PageCompression.BROTLI_QUALITY;

    static CompressedPage of(String pageHtml) {
        byte[] identity = pageHtml.getBytes(StandardCharsets.UTF_8);
        return new CompressedPage(gzip(identity, GZIP_LEVEL),
                PageCompression.BROTLI ? brotli(identity, BROTLI_QUALITY) : null);
    }

    static byte[] gzip(byte[] bytes, int level) {
        return PageCompression.gzip(bytes, level);
    }

    static byte[] brotli(byte[] bytes, int quality) {
        return PageCompression.brotli(bytes, quality);
    }
}
