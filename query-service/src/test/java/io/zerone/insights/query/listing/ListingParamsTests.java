package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zerone.insights.query.web.Params.InvalidParameter;

class ListingParamsTests {

    @Test
    void absentOrEmptyParametersNarrowNothing() {
        assertThat(ListingParams.category(null)).isNull();
        assertThat(ListingParams.category("")).isNull();
        assertThat(ListingParams.tag("")).isNull();
        assertThat(ListingParams.caseRef(null)).isNull();
        assertThat(ListingParams.instant("from", "")).isNull();
        assertThat(ListingParams.cursor("")).isNull();
        assertThat(ListingParams.limit(null)).isEqualTo(ListingParams.DEFAULT_LIMIT);
    }

    @Test
    void aDateIsMidnightUtcAndAnInstantIsItself() {
        assertThat(ListingParams.instant("from", "2026-04-18")).isEqualTo(Instant.parse("2026-04-18T00:00:00Z"));
        assertThat(ListingParams.instant("to", "2026-04-18T14:00:00Z"))
                .isEqualTo(Instant.parse("2026-04-18T14:00:00Z"));
    }

    @Test
    void aCursorTheListingGaveOutIsReadBack() {
        Cursor cursor = new Cursor(Instant.parse("2026-04-18T14:00:00Z"), "commit-before-async-io");

        assertThat(ListingParams.cursor(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"category", "tag", "caseRef", "from", "limit", "cursor"})
    void eachBrokenParameterIsRejectedUnderItsOwnName(String parameter) {
        assertThatThrownBy(() -> {
            switch (parameter) {
                case "category" -> ListingParams.category("c".repeat(101));
                case "tag" -> ListingParams.tag("t".repeat(61));
                case "caseRef" -> ListingParams.caseRef("not a case");
                case "from" -> ListingParams.instant("from", "yesterday");
                case "limit" -> ListingParams.limit(String.valueOf(ListingParams.MAX_LIMIT + 1));
                default -> ListingParams.cursor("not-a-cursor");
            }
        }).isInstanceOfSatisfying(InvalidParameter.class, invalid -> {
            assertThat(invalid.parameter()).isEqualTo(parameter);
            assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        });
    }

    @Test
    void textWithControlCharactersIsRejected() {
        assertThatThrownBy(() -> ListingParams.tag("post\u0000gres")).isInstanceOf(InvalidParameter.class);
    }
}
