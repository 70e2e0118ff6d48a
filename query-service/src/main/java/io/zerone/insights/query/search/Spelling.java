package io.zerone.insights.query.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The typo path of search: each word of the query that is not in the vocabulary of indexed words (search_term, kept
 * by the projection) is replaced by the word of the vocabulary that it is a plausible typo of: among its nearest
 * neighbours by trigram distance (through the GiST index of the vocabulary, so the cost is a few index probes per
 * word however many documents there are), the one fewest edits away, and at most {@link #maxEdits} away. Trigrams
 * alone took any word that shares a few letter triples ("deadlock" became "dead", "rust" "robust"). Trigrams miss two
 * neighbouring letters swapped in a short word ("cahce" shares two of its trigrams with "cache", and "cab" more), and
 * a swap is two edits, so a word they leave uncorrected is looked up with each such pair swapped back, by the
 * vocabulary's key. A correction is written with the capitals of the word typed.
 */
@Component
class Spelling {

    /** Words, as websearch_to_tsquery reads them: its operators and quotes stay as they are. */
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    /** The nearest neighbours by trigrams whose edits are counted: the nearest is often not the fewest edits away. */
    static final int NEIGHBOURS = 8;

    static final String NEAREST_SQL = """
            select w.word, exists (select 1 from search_term where term = w.word) as known, nearest.term
            from unnest(cast(:words as text[]), cast(:edits as integer[])) as w (word, edits)
            left join lateral (
                select term from (select term from search_term order by term <-> w.word limit :neighbours) neighbour
                where levenshtein_less_equal(term, w.word, w.edits) <= w.edits
                order by levenshtein(term, w.word), term <-> w.word, term
                limit 1) nearest on true""";

    static final String SWAPPED_SQL = "select term from search_term where term = any(cast(:variants as text[]))";

    /**
     * The corrections some live insight holds. The vocabulary only grows (it keeps the words of unpublished insights
     * and of titles revised since), so a correction to a word no live insight has would tell what a withdrawn insight
     * said: "zanzibrite or cahce" found the cache insights and suggested the withdrawn title's word.
     */
    static final String LIVE_SQL = """
            select t.term from unnest(cast(:terms as text[])) as t (term)
            where exists (select 1 from insight_search
                          where document_en @@ plainto_tsquery('english', t.term)
                             or document_de @@ plainto_tsquery('german', t.term))""";

    private final DatabaseClient database;

    Spelling(DatabaseClient database) {
        this.database = database;
    }

    /** The query with its unknown words corrected; empty when no word needed or found a correction. */
    Mono<String> correct(String query) {
        List<MatchResult> words = words(query);
        Set<String> candidates = words.stream().map(word -> lower(word.group()))
                .filter(word -> word.length() >= 3 && !word.equals("or"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (candidates.isEmpty()) {
            return Mono.empty();
        }
        Set<String> known = ConcurrentHashMap.newKeySet();
        return database.sql(NEAREST_SQL)
                .bind("words", candidates.toArray(String[]::new))
                .bind("edits", candidates.stream().map(Spelling::maxEdits).toArray(Integer[]::new))
                .bind("neighbours", NEIGHBOURS)
                .map(row -> {
                    String word = row.get("word", String.class);
                    String nearest = row.get("term", String.class);
                    if (Boolean.TRUE.equals(row.get("known", Boolean.class))) {
                        known.add(word);
                    }
                    boolean replace = !known.contains(word) && nearest != null;
                    return Map.entry(word, replace ? nearest : word);
                })
                .all()
                .collectList()
                .flatMap(nearest -> {
                    Map<String, String> corrections = new LinkedHashMap<>();
                    Map<String, String> swapped = new LinkedHashMap<>();
                    for (Map.Entry<String, String> correction : nearest) {
                        if (!correction.getKey().equals(correction.getValue())) {
                            corrections.put(correction.getKey(), correction.getValue());
                        } else if (!known.contains(correction.getKey())) {
                            String word = correction.getKey();
                            swaps(word).forEach(variant -> swapped.putIfAbsent(variant, word));
                        }
                    }
                    return swapped.isEmpty() ? Mono.just(corrections) : database.sql(SWAPPED_SQL)
                            .bind("variants", swapped.keySet().toArray(String[]::new))
                            .map(row -> row.get("term", String.class))
                            .all()
                            .collectList()
                            .map(found -> {
                                // the first variant of each word that the vocabulary holds
                                swapped.forEach((variant, word) -> {
                                    if (found.contains(variant)) {
                                        corrections.putIfAbsent(word, variant);
                                    }
                                });
                                return corrections;
                            });
                })
                .flatMap(this::liveOnly)
                .filter(corrections -> !corrections.isEmpty())
                .map(corrections -> replace(query, words, corrections));
    }

    private Mono<Map<String, String>> liveOnly(Map<String, String> corrections) {
        if (corrections.isEmpty()) {
            return Mono.just(corrections);
        }
        return database.sql(LIVE_SQL)
                .bind("terms", new LinkedHashSet<>(corrections.values()).toArray(String[]::new))
                .map(row -> row.get("term", String.class))
                .all()
                .collect(Collectors.toSet())
                .map(live -> {
                    corrections.values().removeIf(term -> !live.contains(term));
                    return corrections;
                });
    }

    /**
     * How many letters a typo of a word this long may have inserted, deleted or replaced (levenshtein): one in a word
     * of up to five letters, two in a longer one. More would make most short words typos of each other.
     */
    static int maxEdits(String word) {
        return word.length() <= 5 ? 1 : 2;
    }

    /** The word with each pair of neighbouring letters swapped, for words of four letters or more. */
    static List<String> swaps(String word) {
        List<String> variants = new ArrayList<>();
        for (int i = 0; word.length() >= 4 && i + 1 < word.length(); i++) {
            if (word.charAt(i) != word.charAt(i + 1)) {
                char[] letters = word.toCharArray();
                letters[i] = word.charAt(i + 1);
                letters[i + 1] = word.charAt(i);
                variants.add(new String(letters));
            }
        }
        return variants;
    }

    /**
     * The query with each corrected word replaced where it stands, in the capitals typed; operators, quotes and
     * spacing stay.
     */
    static String replace(String query, List<MatchResult> words, Map<String, String> corrections) {
        StringBuilder corrected = new StringBuilder();
        int at = 0;
        for (MatchResult word : words) {
            String correction = corrections.get(lower(word.group()));
            corrected.append(query, at, word.start())
                    .append(correction == null ? word.group() : inCapitalsOf(word.group(), correction));
            at = word.end();
        }
        return corrected.append(query.substring(at)).toString();
    }

    /**
     * The correction (in lower case, as the vocabulary holds it) with the capitals of the word typed: letter by letter
     * when they are as long (a swap or a replaced letter), else all capitals or a capital first letter as typed.
     */
    static String inCapitalsOf(String typed, String correction) {
        if (typed.length() == correction.length()) {
            StringBuilder cased = new StringBuilder(correction.length());
            for (int i = 0; i < correction.length(); i++) {
                char letter = correction.charAt(i);
                cased.append(Character.isUpperCase(typed.charAt(i)) ? Character.toUpperCase(letter) : letter);
            }
            return cased.toString();
        }
        if (typed.length() > 1 && typed.equals(typed.toUpperCase(Locale.ROOT))) {
            return correction.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(typed.charAt(0))) {
            return Character.toUpperCase(correction.charAt(0)) + correction.substring(1);
        }
        return correction;
    }

    static List<MatchResult> words(String query) {
        return WORD.matcher(query).results().toList();
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
