package io.zerone.insights.layout;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;

/**
 * The language of a page or of a part of one, as a BCP 47 tag, and the {@code lang} and {@code dir} attributes it
 * calls for. The site's own text (header, footer, labels, links) is English, so wherever it meets text of another
 * language one of the two is marked: a screen reader picks its voice by {@code lang}, and a browser lays out Arabic
 * or Hebrew right to left only by {@code dir} (WCAG 3.1.1 and 3.1.2). Every method that names an attribute value
 * returns null when the attribute is not needed: a JTE template then leaves the attribute out.
 */
public record Language(String tag) {

    /** The language of the site's own text. */
    public static final Language ENGLISH = new Language("en");

    /** ISO 15924 scripts written right to left (Unicode's bidirectional class R or AL). */
    private static final Set<String> RIGHT_TO_LEFT_SCRIPTS = Set.of(
            "adlm", "arab", "aran", "armi", "avst", "chrs", "cprt", "elym", "hatr", "hebr", "hung", "khar", "lydi",
            "mand", "mani", "mend", "narb", "nbat", "nkoo", "orkh", "ougr", "palm", "phli", "phlp", "phnx", "prti",
            "rohg", "samr", "sarb", "sogd", "sogo", "syrc", "syre", "syrj", "syrn", "thaa", "yezi");

    /** Languages whose usual script is one of those, for a tag without a script subtag. */
    private static final Set<String> RIGHT_TO_LEFT_LANGUAGES = Set.of(
            "ar", "arb", "arc", "arz", "ary", "apc", "acm", "aeb", "ajp", "ckb", "dv", "fa", "pes", "prs", "glk", "he",
            "iw", "ji", "yi", "ks", "lrc", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur");

    public Language {
        requireNonNull(tag, "tag");
    }

    public static Language of(String tag) {
        return new Language(tag);
    }

    /**
     * Whether text of this tag is written right to left: by its script subtag when it has one ({@code az-Arab} is,
     * {@code ku-Latn} is not), else by its primary language ({@code ar}, {@code he}, {@code fa}, {@code ur}, ...).
     */
    public static boolean isRightToLeft(String tag) {
        String[] subtags = tag.toLowerCase(Locale.ROOT).split("-");
        // the script comes after the primary language and up to three extended ones (zh-yue-Hant), before the
        // region, variants and any extension or private use (which begin with a single-character singleton)
        for (int i = 1; i < subtags.length && subtags[i].length() > 1; i++) {
            if (subtags[i].length() == 4 && subtags[i].chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                return RIGHT_TO_LEFT_SCRIPTS.contains(subtags[i]);
            }
        }
        return RIGHT_TO_LEFT_LANGUAGES.contains(subtags[0]);
    }

    public boolean rightToLeft() {
        return isRightToLeft(tag);
    }

    /** Whether this is English, in any region or script ({@code en}, {@code en-GB}). */
    public boolean english() {
        String lower = tag.toLowerCase(Locale.ROOT);
        return lower.equals("en") || lower.startsWith("en-");
    }

    /** {@code dir} of an element whose language this is, inside a left-to-right parent (a page's {@code <html>}). */
    public String dir() {
        return rightToLeft() ? "rtl" : null;
    }

    /** {@code lang} of the site's English text inside text of this language. */
    public String interfaceLang() {
        return english() ? null : ENGLISH.tag;
    }

    /** {@code dir} of the site's English text inside text of this language. */
    public String interfaceDir() {
        return rightToLeft() ? "ltr" : null;
    }

    /** {@code lang} of text of this language inside the site's English text (a card on a listing). */
    public String langInEnglish() {
        return english() ? null : tag;
    }
}
