package io.zerone.insights.query.sync;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.zerone.insights.query.web.Slug;

/**
 * Sync tokens as consumers see them: {@code <payload>.<HMAC-SHA256 of it>}, both base64url. A consumer can read the
 * payload but not change it: a token this service did not sign is rejected before anything is read.
 */
@Component
class SyncTokens {

    static final class InvalidToken extends RuntimeException {

        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Pattern PAYLOAD = Pattern.compile(
            "v1:(projection_[0-9]{1,9}):([0-9]{1,19}):(-1|[0-9]{1,19})(?::(" + Slug.SHAPE + "))?");

    private final SecretKeySpec key;

    SyncTokens(SyncSettings settings) {
        this.key = new SecretKeySpec(settings.tokenSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String encode(SyncToken token) {
        String payload = "v1:%s:%d:%d%s".formatted(token.generation(), token.position().xid(), token.position().seq(),
                token.inFullSync() ? ":" + token.afterSlug() : "");
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
    }

    /** @throws InvalidToken when the token is malformed or was not signed with this service's secret */
    SyncToken decode(String token) {
        int dot = token.indexOf('.');
        if (dot < 1 || token.length() > 600) {
            throw new InvalidToken("not a sync token");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidToken("not a sync token");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw new InvalidToken("the token's signature does not match: it was changed, or not issued here");
        }
        Matcher fields = PAYLOAD.matcher(new String(payload, StandardCharsets.UTF_8));
        if (!fields.matches()) {
            throw new InvalidToken("not a sync token of this version");
        }
        try {
            return new SyncToken(fields.group(1), new SyncToken.Position(Long.parseLong(fields.group(2)),
                    Long.parseLong(fields.group(3))), fields.group(4));
        } catch (NumberFormatException e) {
            throw new InvalidToken("not a sync token of this version");
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
