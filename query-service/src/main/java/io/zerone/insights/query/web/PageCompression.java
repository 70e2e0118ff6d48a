package io.zerone.insights.query.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

/**
 * gzip and brotli at the levels article pages are stored in, for the projector, which compresses each page once when
 * it is projected, and for the article page, which compresses a page once more when it adds the related insights
 * (docs/adr/0014 and 0025). The levels and their costs: {@code projection.CompressedPage}.
 */
public final class PageCompression {

    /** zlib's default: level 9 costs as much or more and made pages of this size no smaller. */
    public static final int GZIP_LEVEL = 6;

    /** 5 is ~6% smaller than 4 at about the same cost; 6 no smaller, 9 ~30 times the cost, 11 ~60 times for 13%. */
    public static final int BROTLI_QUALITY = 5;

    private static final Logger log = LoggerFactory.getLogger(PageCompression.class);

    /** Whether brotli4j has a native library for this platform; without one, pages are stored in gzip only. */
    public static final boolean BROTLI = brotliAvailable();

    private PageCompression() {
    }

    public static byte[] gzip(byte[] bytes, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static byte[] brotli(byte[] bytes, int quality) {
        try {
            return Encoder.compress(bytes, new Encoder.Parameters().setQuality(quality).setMode(Encoder.Mode.TEXT));
        } catch (IOException e) {
            throw new UncheckedIOException("brotli could not compress a page", e);
        }
    }

    private static boolean brotliAvailable() {
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
