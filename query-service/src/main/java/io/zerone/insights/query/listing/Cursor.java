package io.zerone.insights.query.listing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

import io.zerone.insights.query.web.Slug;

/**
 * The position after which the next listing page starts: the (publishedAt, slug) of the last item shown, the same
 * pair the listing orders by. Opaque to clients; anything that does not decode to a sane pair is rejected.
 */
record Cursor(Instant publishedAt, String slug) {

    private static final String VERSION = "v1";

    String encode() {
        String plain = VERSION + "\n" + publishedAt + "\n" + slug;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException for anything this class did not write */
    static Cursor decode(String encoded) {
        if (encoded.length() > ListingParams.MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException("cursor too long");
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !Slug.isSlug(parts[2])) {
                throw new InvalidCursorException("not a listing cursor");
            }
            Instant publishedAt = Instant.parse(parts[1]);
            if (!ListingParams.storable(publishedAt)) {
                throw new InvalidCursorException("not a listing cursor");
            }
            return new Cursor(publishedAt, parts[2]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException("not a listing cursor");
        }
    }

    static class InvalidCursorException extends IllegalArgumentException {

        InvalidCursorException(String message) {
            super(message);
        }
    }
}
