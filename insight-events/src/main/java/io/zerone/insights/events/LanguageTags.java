package io.zerone.insights.events;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/**
 * What the contract calls a language ({@link InsightMetadata#language()}), for ingest-service, which refuses any other,
 * and render-service, whose sanitizer keeps an author's {@code lang} attribute only when it is one: a well-formed BCP 47 tag ({@code ar}, {@code ja}, {@code pt-BR}, {@code zh-Hant}) in its
 * canonical case, since pages put it into {@code <html lang>}, cards and feeds, and a screen reader picks its voice by it.
 */
public final class LanguageTags {

    /** RFC 5646 asks implementations to support tags of at least 35 characters; a longer one is no language of a page. */
    public static final int MAX_LENGTH = 35;

    public static final String RULE = "must be a BCP 47 language tag such as en, de, ar, ja, pt-BR or zh-Hant";

    private LanguageTags() {
    }

    /**
     * The tag in the canonical form {@link Locale.Builder} gives it: its case ({@code pt-br} becomes {@code pt-BR}),
     * and deprecated or grandfathered subtags replaced ({@code iw} becomes {@code he}, {@code i-klingon} {@code tlh},
     * {@code zh-yue} {@code yue}); or empty when it is ill-formed or names no language: BCP 47's grammar allows a
     * primary subtag of five to eight letters ({@code english}), a private-use-only {@code x-foo}, {@code und} and
     * the private-use {@code qaa}-{@code qtz}, but no page language is any of them.
     */
    public static Optional<String> canonical(String tag) {
        if (tag.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            String primary = locale.getLanguage();
            // qaa-qtz are reserved for private use: a language only its sender knows
            boolean privateUse = primary.length() == 3 && primary.compareTo("qaa") >= 0 && primary.compareTo("qtz") <= 0;
            return (primary.length() == 2 || primary.length() == 3) && !privateUse
                    ? Optional.of(locale.toLanguageTag()) : Optional.empty();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }
}
