package io.zerone.insights.ingest.preview;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A preview's name and its only protection: 32 random bytes from the platform's strong source, base64url without
 * padding (43 characters), so that guessing one of the previews alive takes ~2^256 tries.
 */
final class PreviewTokens {

    static final int BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private PreviewTokens() {
    }

    static String next() {
        byte[] token = new byte[BYTES];
        RANDOM.nextBytes(token);
        return ENCODER.encodeToString(token);
    }
}
