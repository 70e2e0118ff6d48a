package io.zerone.insights.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ContentCodingTests {

    private static final Set<ContentCoding> BOTH = EnumSet.allOf(ContentCoding.class);

    @Test
    void withoutAcceptEncodingTheIdentityIsSent() {
        assertThat(ContentCoding.choose(List.of(), BOTH)).isNull();
    }

    @Test
    void brotliWinsATieWithGzipAndBothWinATieWithIdentity() {
        assertThat(ContentCoding.choose(List.of("gzip, deflate, br, zstd"), BOTH)).isEqualTo(ContentCoding.BROTLI);
        assertThat(ContentCoding.choose(List.of("gzip, identity"), BOTH)).isEqualTo(ContentCoding.GZIP);
    }

    @Test
    void theHighestQValueWins() {
        assertThat(ContentCoding.choose(List.of("br;q=0.5, gzip;q=0.8"), BOTH)).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.choose(List.of("gzip;q=0.5, identity"), BOTH)).isNull();
        assertThat(ContentCoding.choose(List.of("gzip; Q=0.9", "br;q=0.3"), BOTH)).isEqualTo(ContentCoding.GZIP);
    }

    @Test
    void aZeroQValueExcludesACoding() {
        assertThat(ContentCoding.choose(List.of("br;q=0, gzip"), BOTH)).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.choose(List.of("*;q=0, identity"), BOTH)).isNull();
        assertThat(ContentCoding.choose(List.of("gzip;q=0, br;q=0.000"), BOTH)).isNull();
    }

    @Test
    void aWildcardGivesItsQValueToTheCodingsNotNamed() {
        assertThat(ContentCoding.choose(List.of("*"), BOTH)).isEqualTo(ContentCoding.BROTLI);
        assertThat(ContentCoding.choose(List.of("br;q=0.1, *;q=0.5"), BOTH)).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.choose(List.of("identity;q=0, *;q=0.2"), BOTH)).isEqualTo(ContentCoding.BROTLI);
    }

    @Test
    void onlyTheStoredCodingsAreChosen() {
        assertThat(ContentCoding.choose(List.of("br"), EnumSet.of(ContentCoding.GZIP))).isNull();
        assertThat(ContentCoding.choose(List.of("br, gzip;q=0.5"), EnumSet.of(ContentCoding.GZIP)))
                .isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.choose(List.of("deflate, x-gzip;q=0.4"), BOTH)).isEqualTo(ContentCoding.GZIP);
    }

    @Test
    void aMalformedQValueExcludesItsCoding() {
        assertThat(ContentCoding.choose(List.of("br;q=high, gzip;q=2"), BOTH)).isNull();
        assertThat(ContentCoding.choose(List.of("br;q=, gzip;q"), BOTH)).isNull();
        assertThat(ContentCoding.choose(List.of("br;q=, gzip"), BOTH)).isEqualTo(ContentCoding.GZIP);
    }
}
