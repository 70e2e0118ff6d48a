package io.zerone.insights.query.projection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

/**
 * An article page compressed once, when it is projected, so that the site sends stored bytes whatever coding a
 * visitor accepts instead of compressing on every request. The levels suit the projector's budget (issue 8: 1,500
 * insights/s on 2 cores): on pages of ~6 KB both codings together cost ~0.16 ms of CPU a page, a quarter of a core
 * at 1,500/s, spent while the batch is decoded, before its transaction ({@code PageCompressionBenchmark};
 * docs/benchmarks.md has the figures).
 *
 * @param gzip the page's UTF-8 bytes in gzip
 * @param brotli the same in brotli, or null where brotli4j has no native library for this platform
 */
record CompressedPage(byte[] gzip, byte[] brotli) {

    /** zlib's default: level 9 costs as much or more and made pages of this size no smaller. */
    static final int GZIP_LEVEL = 6;

    /** 5 is ~6% smaller than 4 at about the same cost; 6 no smaller, 9 ~30 times the cost, 11 ~60 times for 13%. */
    static final int BROTLI_QUALITY = 5;

    private static final Logger log = LoggerFactory.getLogger(CompressedPage.class);

    private static final boolean BROTLI = brotliAvailable();

    static CompressedPage of(String pageHtml) {
        byte[] identity = pageHtml.getBytes(StandardCharsets.UTF_8);
        return new CompressedPage(gzip(identity, GZIP_LEVEL), BROTLI ? brotli(identity, BROTLI_QUALITY) : null);
    }

    static byte[] gzip(byte[] bytes, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static byte[] brotli(byte[] bytes, int quality) {
        try {
            return Encoder.compress(bytes, new Encoder.Parameters().setQuality(quality).setMode(Encoder.Mode.TEXT));
        } catch (IOException e) {
            throw new UncheckedIOException("brotli could not compress a page", e);
        }
    }

    static boolean brotliAvailable() {
        if (Brotli4jLoader.isAvailable()) {
            return true;
        }
        log.warn("brotli4j has no native library for this platform, article pages are stored in gzip only: {}",
                String.valueOf(Brotli4jLoader.getUnavailabilityCause()));
        return false;
    }

    /** GZIPOutputStream at a chosen level: its deflater is protected, and it has no constructor for one. */
    private static final class LeveledGzip extends GZIPOutputStream {

        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
            def.setStrategy(Deflater.DEFAULT_STRATEGY);
        }
    }
}
