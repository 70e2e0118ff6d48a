package io.zerone.insights.ingest.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric signature of the Standard Webhooks specification (https://www.standardwebhooks.com/): HMAC-SHA256,
 * keyed with the base64-decoded secret after {@code whsec_}, of {@code <webhook-id>.<webhook-timestamp>.<body>},
 * answered as {@code v1,<base64>}. No maintained Java library of the spec is served here; this is the whole of it.
 */
final class WebhookSignature {

    static final String SECRET_PREFIX = "whsec_";
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";

    private WebhookSignature() {
    }

    /** The HMAC key of a {@code whsec_} secret; throws IllegalArgumentException when the rest is not base64. */
    static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    /** The {@code webhook-signature} value of one attempt. */
    static String sign(String secret, String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java runtime has HmacSHA256, and any non-empty key fits it
            throw new IllegalStateException(e);
        }
    }
}
