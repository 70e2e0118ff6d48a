package io.zerone.insights.ingest.publishing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.zerone.insights.events.InsightEvent;

/** The shape of a slug (lowercase words joined by single hyphens) and how one is derived from a title. */
final class Slugs {

    /** The contract's rule ({@link InsightEvent#isSlug}), which render-service checks again. */
    static final int MAX_LENGTH = InsightEvent.SLUG_MAX_LENGTH;
    static final Pattern SHAPE = InsightEvent.SLUG;

    /** Slugs the site's own pages answer under /insights/ (query-service's SearchPage): an insight there is unreachable. */
    static final Set<String> RESERVED = Set.of("search");

    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    /**
     * Latin letters that NFKD leaves whole, since they are letters of their own rather than a letter with a mark:
     * without this, "Łódź" would become "odz" and "Smørrebrød" "smrrebrd". Lowercase: applied after lowercasing.
     */
    private static final Map<Character, String> LETTERS = Map.ofEntries(Map.entry('ß', "ss"), Map.entry('ø', "o"),
            Map.entry('ł', "l"), Map.entry('đ', "d"), Map.entry('ð', "d"), Map.entry('þ', "th"), Map.entry('æ', "ae"),
            Map.entry('œ', "oe"), Map.entry('ħ', "h"), Map.entry('ı', "i"), Map.entry('ŧ', "t"), Map.entry('ŋ', "n"));

    private Slugs() {
    }

    static boolean isValid(String slug) {
        return InsightEvent.isSlug(slug);
    }

    /** "Symptom ≠ Root Cause: Über-Caching" becomes "symptom-root-cause-uber-caching"; empty if nothing is left. */
    static Optional<String> fromTitle(String title) {
        String lower = DIACRITICS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        StringBuilder ascii = new StringBuilder(lower.length());
        lower.chars().forEach(c -> {
            String letter = LETTERS.get((char) c);
            if (letter != null) {
                ascii.append(letter);
            } else {
                ascii.append((char) c);
            }
        });
        String slug = SEPARATORS.matcher(ascii).replaceAll("-").replaceAll("^-|-$", "");
        if (slug.length() > MAX_LENGTH) {
            // cut at a word boundary, so that a slug never ends in half a word or a hyphen
            slug = slug.substring(0, MAX_LENGTH);
            int lastHyphen = slug.lastIndexOf('-');
            slug = lastHyphen > 0 ? slug.substring(0, lastHyphen) : slug;
        }
        return slug.isEmpty() ? Optional.empty() : Optional.of(slug);
    }
}
