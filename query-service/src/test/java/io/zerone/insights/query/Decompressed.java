package io.zerone.insights.query;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;

/** Stored or sent bytes decompressed, to compare with the identity bytes. */
public final class Decompressed {

    private Decompressed() {
    }

    public static byte[] gzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] brotli(byte[] bytes) {
        Brotli4jLoader.ensureAvailability();
        try {
            DirectDecompress result = com.aayushatharva.brotli4j.decoder.Decoder.decompress(bytes);
            if (result.getResultStatus() != DecoderJNI.Status.DONE) {
                throw new IllegalStateException("not brotli: " + result.getResultStatus());
            }
            return result.getDecompressedData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
