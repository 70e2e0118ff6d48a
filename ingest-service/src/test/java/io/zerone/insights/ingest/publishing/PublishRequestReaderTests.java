package io.zerone.insights.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PublishRequestReaderTests {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final JsonMapper json = JsonMapper.builder().build();
    private final PublishRequestReader reader = new PublishRequestReader(Clock.fixed(NOW, ZoneOffset.UTC));

    private ObjectNode minimal() {
        ObjectNode node = json.createObjectNode();
        node.put("title", "Commit before async I/O");
        node.put("summary", "A transaction waiting on HTTP holds the pool slot.");
        node.put("category", "Data Engineering");
        node.put("body", "word ".repeat(450));
        return node;
    }

    @Test
    void appliesDefaultsToAMinimalRequest() {
        PublishRequest request = reader.read(minimal());

        assertThat(request.insight().slug()).isEqualTo("commit-before-async-i-o");
        assertThat(request.insight().publishedAt()).isEqualTo(NOW);
        assertThat(request.insight().readingMinutes()).isEqualTo(3);
        assertThat(request.insight().language()).isEqualTo("en");
        assertThat(request.insight().tags()).isEmpty();
        assertThat(request.insight().caseRef()).isNull();
    }

    @Test
    void acceptsPublishedAtAsDateOrInstant() {
        ObjectNode date = minimal().put("publishedAt", "2026-04-18");
        ObjectNode offset = minimal().put("publishedAt", "2026-04-18T17:00:00+02:00");

        assertThat(reader.read(date).insight().publishedAt()).isEqualTo(Instant.parse("2026-04-18T00:00:00Z"));
        assertThat(reader.read(offset).insight().publishedAt()).isEqualTo(Instant.parse("2026-04-18T15:00:00Z"));
    }

    @Test
    void rejectsPublishedAtOutsideTheYearsOneTo9999InUtc() {
        for (String outOfRange : List.of("0000-01-01", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00")) {
            ObjectNode node = minimal().put("publishedAt", outOfRange);

            assertThatThrownBy(() -> reader.read(node)).as(outOfRange)
                    .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                            .containsExactly(new FieldError("publishedAt", "must be an ISO-8601 instant"
                                    + " (2026-06-05T09:00:00Z) or date (2026-06-05) in the years 1 to 9999")));
        }
    }

    @Test
    void aRequestBreakingRulesByTheThousandIsAnsweredWithTheFirstTwentyAndHowManyMore() {
        ObjectNode node = minimal();
        for (int i = 0; i < 5000; i++) {
            node.put("unknown" + i, 0);
        }
        node.putArray("tags").add(1).add(2);

        assertThatThrownBy(() -> reader.read(node)).isInstanceOfSatisfying(InvalidInsightException.class, e -> {
            assertThat(e.errors()).hasSize(InvalidInsightException.MAX_NAMED);
            assertThat(e.getMessage()).startsWith("5002 invalid field(s): ").endsWith(", and 4982 more")
                    .hasSizeLessThan(1000);
        });
    }

    @Test
    void readingMinutesWrittenWithAZeroFractionIsTheWholeNumberAndAFractionIsRefused() {
        assertThat(reader.read(minimal().put("readingMinutes", 5.0)).insight().readingMinutes()).isEqualTo(5);
        assertThatThrownBy(() -> reader.read(minimal().put("readingMinutes", 5.5)))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("readingMinutes", "must be a whole number from 1 to 240")));
    }

    @Test
    void readingMinutesTooLargeForADoubleIsRefusedLikeAnyOtherNumberOutOfRange() {
        // what Jackson reads 1e400 as
        assertThatThrownBy(() -> reader.read(minimal().put("readingMinutes", Double.POSITIVE_INFINITY)))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("readingMinutes", "must be a whole number from 1 to 240")));
    }

    @Test
    void anUnpublishReasonIsCountedInCharactersNotUtf16Units() {
        RequestFields.reason("\uD83D\uDE80".repeat(300));
        assertThatThrownBy(() -> RequestFields.reason("\uD83D\uDE80".repeat(301)))
                .isInstanceOf(InvalidInsightException.class);
    }

    @Test
    void anUnknownFieldOfAVeryLongNameIsNamedByItsStart() {
        ObjectNode node = minimal().put("x".repeat(40_000), 0);

        assertThatThrownBy(() -> reader.read(node)).isInstanceOfSatisfying(InvalidInsightException.class, e ->
                assertThat(e.errors()).containsExactly(new FieldError("x".repeat(100) + "…", "unknown field")));
    }

    @Test
    void tooManyTagsAreOneErrorHoweverManyThereAre() {
        ObjectNode node = minimal();
        var tags = node.putArray("tags");
        for (int i = 0; i < 300; i++) {
            tags.add(i);
        }

        assertThatThrownBy(() -> reader.read(node)).isInstanceOfSatisfying(InvalidInsightException.class, e ->
                assertThat(e.errors()).containsExactly(new FieldError("tags", "must hold at most 20 tags")));
    }

    @Test
    void refusesTheSlugOfTheSitesSearchPageSentOrDerived() {
        // /insights/search is the search page: an insight there could never be read on the site
        for (ObjectNode node : List.of(minimal().put("slug", "search"), minimal().put("title", "Search!"))) {
            assertThatThrownBy(() -> reader.read(node)).as(node.toString())
                    .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                            .extracting(FieldError::field).containsExactly("slug"));
        }
        assertThat(reader.read(minimal().put("title", "Search at scale")).insight().slug()).isEqualTo("search-at-scale");
    }

    @Test
    void refusesTextsWithoutAVisibleCharacter() {
        // a zero-width space, a no-break space, a Hangul filler and a Braille blank, around a left-to-right mark and a
        // byte order mark: each passed as text and showed as an empty heading, link or page
        ObjectNode node = minimal().put("title", "\u200b").put("summary", "\u00a0\u200e").put("category", "\u3164")
                .put("body", "\u2800\ufeff\n\u2060");

        assertThatThrownBy(() -> reader.read(node)).isInstanceOfSatisfying(InvalidInsightException.class, e ->
                assertThat(e.errors()).containsExactlyInAnyOrder(
                        new FieldError("title", "must hold a visible character"),
                        new FieldError("summary", "must hold a visible character"),
                        new FieldError("category", "must hold a visible character"),
                        new FieldError("body", "must hold a visible character")));
    }

    @Test
    void acceptsTextsThatHoldInvisibleCharactersBesideVisibleOnes() {
        ObjectNode node = minimal().put("title", "Zero\u200bwidth \u202eright to left").put("summary", "10\u00a0km")
                .put("category", "Data\u2060Engineering").put("body", "\u2800 \ud83d\udc69\u200d\ud83d\udcbb at work");

        PublishRequest request = reader.read(node);

        assertThat(request.insight().title()).isEqualTo("Zero\u200bwidth \u202eright to left");
        assertThat(request.insight().summary()).isEqualTo("10\u00a0km");
        assertThat(request.insight().category()).isEqualTo("Data\u2060Engineering");
        assertThat(request.body()).isEqualTo("\u2800 \ud83d\udc69\u200d\ud83d\udcbb at work");
    }

    @Test
    void acceptsPublishedAtAtEitherEndOfTheYearsOneTo9999() {
        ObjectNode first = minimal().put("publishedAt", "0001-01-01");
        ObjectNode last = minimal().put("publishedAt", "9999-12-31T23:59:59Z");

        assertThat(reader.read(first).insight().publishedAt()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(reader.read(last).insight().publishedAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void publishedAtIsCutToTheMicrosecondsTheDatabaseKeepsSoItNeverRoundsIntoTheYear10000() {
        ObjectNode last = minimal().put("publishedAt", "9999-12-31T23:59:59.9999999Z");

        assertThat(reader.read(last).insight().publishedAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void keepsGivenReadingMinutesCaseRefTagsAndLanguage() {
        ObjectNode node = minimal().put("readingMinutes", 7).put("caseRef", "06").put("language", "de");
        node.putArray("tags").add("postgresql").add("pgbouncer").add("postgresql");

        PublishRequest request = reader.read(node);

        assertThat(request.insight().readingMinutes()).isEqualTo(7);
        assertThat(request.insight().caseRef()).isEqualTo("06");
        assertThat(request.insight().language()).isEqualTo("de");
        assertThat(request.insight().tags()).containsExactly("postgresql", "pgbouncer");
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        ObjectNode node = json.createObjectNode();
        node.put("title", "");
        node.put("summary", "s".repeat(601));
        node.put("slug", "Not A Slug");
        node.put("publishedAt", "yesterday");
        node.put("readingMinutes", 0);
        node.put("caseRef", "c".repeat(13));
        node.put("language", "en_US");
        node.put("colour", "blue");
        node.putArray("tags").add("ok").add("Bad Tag").add(3);

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("colour", "title", "summary", "category", "body", "slug",
                                "publishedAt", "readingMinutes", "caseRef", "tags[1]", "tags[2]", "language"));
    }

    @Test
    void rejectsWrongTypes() {
        ObjectNode node = minimal();
        node.put("readingMinutes", "five");
        node.put("title", 42);
        node.put("tags", "one,two");

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        new FieldError("title", "must be a string"),
                        new FieldError("readingMinutes", "must be a whole number from 1 to 240"),
                        new FieldError("tags", "must be an array of strings")));
    }

    @Test
    void rejectsBodyLargerThan256KiB() {
        ObjectNode node = minimal().put("body", "x".repeat(256 * 1024 + 1));

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("body"));
    }

    @Test
    void rejectsMoreThanTwentyTags() {
        ObjectNode node = minimal();
        var tags = node.putArray("tags");
        for (int i = 0; i < 21; i++) {
            tags.add("tag-" + i);
        }

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("tags", "must hold at most 20 tags")));
    }

    @Test
    void rejectsTitleThatYieldsNoSlug() {
        ObjectNode node = minimal().put("title", "≠ ×");

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("slug"));
    }

    @Test
    void tellsAJapaneseTitleWithoutASlugThatOnlyLatinLettersAndDigitsMakeOne() {
        ObjectNode node = minimal().put("title", "非同期処理の前にコミットする");

        assertThatThrownBy(() -> reader.read(node))
                .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("slug", "send a slug: none can be derived from a title without Latin letters or digits")));
    }

    @Test
    void acceptsAnyWellFormedLanguageTagInItsCanonicalCase() {
        for (String[] sentAndKept : new String[][] {{"ar", "ar"}, {"ja", "ja"}, {"hi", "hi"}, {"pt-br", "pt-BR"},
                {"zh-hant", "zh-Hant"}, {"SR-latn", "sr-Latn"}, {"de", "de"}, {"en-GB", "en-GB"}}) {
            ObjectNode node = minimal().put("language", sentAndKept[0]);

            PublishRequest request = reader.read(node);

            assertThat(request.insight().language()).as(sentAndKept[0]).isEqualTo(sentAndKept[1]);
        }
    }

    @Test
    void rejectsALanguageThatIsNoWellFormedTag() {
        for (String tag : new String[] {"english", "e", "en_US", "x-private", "qaa", "qtz-DE", "und", "en-",
                "a".repeat(2) + "-x".repeat(17)}) {
            ObjectNode node = minimal().put("language", tag);

            assertThatThrownBy(() -> reader.read(node)).as(tag)
                    .isInstanceOfSatisfying(InvalidInsightException.class, e -> assertThat(e.errors()).containsExactly(
                            new FieldError("language", tag.length() > 35 ? "must be 1 to 35 characters"
                                    : "must be a BCP 47 language tag such as en, de, ar, ja, pt-BR or zh-Hant")));
        }
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> reader.read(json.createArrayNode()))
                .isInstanceOfSatisfying(InvalidInsightException.class,
                        e -> assertThat(e.errors()).isEqualTo(List.of(new FieldError("$", "must be a JSON object"))));
    }
}
