package io.zerone.insights.query.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

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

    @Test
    void datesAreBoundedToTheYearsOneTo9999() {
        assertThat(ListingParams.instant("from", "0001-01-01")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(ListingParams.instant("to", "9999-12-31T23:59:59Z"))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        for (String beyond : List.of("+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z")) {
            assertThatThrownBy(() -> ListingParams.instant("to", beyond))
                    .isInstanceOfSatisfying(InvalidParameter.class, invalid ->
                            assertThat(invalid.getBody().getDetail()).isEqualTo("to must be in the years 1 to 9999"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"category", "tag", "caseRef", "from", "limit", "cursor"})
    void eachBrokenParameterIsRejectedUnderItsOwnName(String parameter) {
        assertThatThrownBy(() -> {
            switch (parameter) {
                case "category" -> ListingParams.category("c".repeat(101));
                case "tag" -> ListingParams.tag("t".repeat(121));
                case "caseRef" -> ListingParams.caseRef("c".repeat(13));
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
