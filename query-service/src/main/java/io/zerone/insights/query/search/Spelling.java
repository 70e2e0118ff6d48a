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
 * by the projection) is replaced by its nearest neighbour there by trigram distance, through the GiST index of the
 * vocabulary, so the cost is a few index probes per word however many documents there are. Trigrams miss two
 * neighbouring letters swapped in a short word ("cahce" shares two of its trigrams with "cache", and "cab" more), so a
 * word they leave uncorrected is looked up with each such pair swapped back, by the vocabulary's key.
 */
@Component
class Spelling {

    /** Words, as websearch_to_tsquery reads them: its operators and quotes stay as they are. */
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    /** pg_trgm's own default for "similar": below it a suggestion is more often wrong than right. */
    static final double MIN_SIMILARITY = 0.3;

    static final String NEAREST_SQL = """
            select w.word, exists (select 1 from search_term where term = w.word) as known,
                   nearest.term, similarity(nearest.term, w.word)::float8 as similarity
            from unnest(cast(:words as text[])) as w (word)
            left join lateral (select term from search_term order by term <-> w.word limit 1) nearest on true""";

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
                .map(row -> {
                    String word = row.get("word", String.class);
                    String nearest = row.get("term", String.class);
                    Double similarity = row.get("similarity", Double.class);
                    if (Boolean.TRUE.equals(row.get("known", Boolean.class))) {
                        known.add(word);
                    }
                    boolean replace = !known.contains(word) && nearest != null
                            && similarity != null && similarity >= MIN_SIMILARITY;
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

    /** The query with each corrected word replaced where it stands; operators, quotes and spacing stay. */
    static String replace(String query, List<MatchResult> words, Map<String, String> corrections) {
        StringBuilder corrected = new StringBuilder();
        int at = 0;
        for (MatchResult word : words) {
            corrected.append(query, at, word.start())
                    .append(corrections.getOrDefault(lower(word.group()), word.group()));
            at = word.end();
        }
        return corrected.append(query.substring(at)).toString();
    }

    static List<MatchResult> words(String query) {
        return WORD.matcher(query).results().toList();
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
