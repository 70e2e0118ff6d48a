package io.zerone.insights.query.listing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The position after which the next listing page starts: the (publishedAt, slug) of the last item shown, the same
 * pair the listing orders by. Opaque to clients; anything that does not decode to a sane pair is rejected.
 */
public record Cursor(Instant publishedAt, String slug) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,199}");
    private static final String VERSION = "v1";

    public String encode() {
        String plain = VERSION + "\n" + publishedAt + "\n" + slug;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException for anything this class did not write */
    public static Cursor decode(String encoded) {
        if (encoded.length() > 400) {
            throw new InvalidCursorException("cursor too long");
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !SLUG.matcher(parts[2]).matches()) {
                throw new InvalidCursorException("not a listing cursor");
            }
            return new Cursor(Instant.parse(parts[1]), parts[2]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException("not a listing cursor");
        }
    }

    public static class InvalidCursorException extends IllegalArgumentException {

        InvalidCursorException(String message) {
            super(message);
        }
    }
}
