package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTests {

    @Test
    void encodedCursorDecodesToTheSamePosition() {
        Cursor cursor = new Cursor(Instant.parse("2026-04-18T14:00:00.123456Z"), "cache-without-a-lock-thundering-herd");

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "djEKbm90LWEtZGF0ZQpzbHVn", "%00", "djIKMjAyNi0wNC0xOFQxNDowMDowMFoKc2x1Zw"})
    void rejectsWhatItDidNotWrite(String tampered) {
        assertThatThrownBy(() -> Cursor.decode(tampered)).isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void rejectsASlugThatIsNoSlug() {
        String forged = Base64.getUrlEncoder().encodeToString(
                "v1\n2026-04-18T14:00:00Z\n' or 1=1 --".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(forged)).isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
    void rejectsAPositionPostgreSqlCannotCompare(String publishedAt) {
        String forged = Base64.getUrlEncoder().encodeToString(
                ("v1\n" + publishedAt + "\nsome-slug").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(forged)).isInstanceOf(Cursor.InvalidCursorException.class);
    }
}
