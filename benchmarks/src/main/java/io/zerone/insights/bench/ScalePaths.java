package io.zerone.insights.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The URL lists of the scale phase (issue 9), made from {@link Vocabulary} without reading the store, so that every
 * size of a run draws the same requests:
 * <ul>
 * <li>{@code listing-deep.paths}: the HTML listing from a random point in time (a cursor deep in the store);</li>
 * <li>{@code listing-category.paths}, {@code listing-tag.paths}: by category and by tag, half first pages, half
 * from a random point in time;</li>
 * <li>{@code search-mix.paths}: {@code /api/search} over distinct queries of four kinds in equal shares: common words,
 * rare words (several terms that few insights share, or words no insight has), phrases in quotes, and typos of the
 * vocabulary's words.</li>
 * </ul>
 * Prints {@code RESULT search_queries <n>} (distinct queries) and one line per kind.
 */
public final class ScalePaths {

    /** Words no generated insight has: the search finds nothing and tries the typo path. */
    private static final List<String> ABSENT = List.of("quantum", "blockchain", "metaverse", "kubernetes", "drones",
            "biometrics", "satellites", "robotics", "hydrogen", "tokenisation", "lidar", "semiconductors");

    public static void main(String[] arguments) throws IOException {
        Args args = new Args(arguments);
        Path dir = Path.of(args.text("dir", "."));
        int listings = args.integer("listings", 5_000);
        int perKind = args.integer("queries-per-kind", 400);
        SplittableRandom random = new SplittableRandom(args.integer("seed", 9));

        write(dir.resolve("listing-deep.paths"), Stream.generate(() -> "/insights?cursor=" + cursor(random))
                .limit(listings).toList());
        write(dir.resolve("listing-category.paths"), Stream.generate(() -> filtered(random, "/insights/categories/"
                + Generator.pick(random, Vocabulary.CATEGORIES).toLowerCase(Locale.ROOT))).limit(listings).toList());
        write(dir.resolve("listing-tag.paths"), Stream.generate(() -> filtered(random, "/insights/tags/"
                + Generator.pick(random, Vocabulary.TAGS))).limit(listings).toList());

        Map<String, Function<SplittableRandom, String>> kinds = new LinkedHashMap<>();
        kinds.put("common", ScalePaths::common);
        kinds.put("rare", ScalePaths::rare);
        kinds.put("phrase", ScalePaths::phrase);
        kinds.put("typo", ScalePaths::typo);
        Set<String> queries = new LinkedHashSet<>();
        for (Map.Entry<String, Function<SplittableRandom, String>> kind : kinds.entrySet()) {
            Set<String> distinct = new LinkedHashSet<>();
            for (int tries = 0; distinct.size() < perKind && tries < perKind * 50; tries++) {
                String query = kind.getValue().apply(random);
                if (!queries.contains(query)) {
                    distinct.add(query);
                }
            }
            queries.addAll(distinct);
            System.out.printf(Locale.ROOT, "RESULT search_queries_%s %d%n", kind.getKey(), distinct.size());
            System.err.printf("%s, for example: %s%n", kind.getKey(), distinct.stream().limit(3).toList());
        }
        List<String> shuffled = new ArrayList<>(queries);
        java.util.Collections.shuffle(shuffled, new java.util.Random(11));
        write(dir.resolve("search-mix.paths"), shuffled.stream()
                .map(q -> "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).toList());
        System.out.printf(Locale.ROOT, "RESULT search_queries %d%n", queries.size());
    }

    /** A cursor as the listing's "older" link makes it: the page after a random moment of the store's years. */
    private static String cursor(SplittableRandom random) {
        LocalDate first = LocalDate.ofInstant(Generator.FIRST, ZoneOffset.UTC);
        long days = LocalDate.ofInstant(Generator.LAST, ZoneOffset.UTC).toEpochDay() - first.toEpochDay();
        String at = first.plusDays(30 + random.nextLong(days - 30)) + "T12:00:00Z";
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1\n" + at + "\nzzzz").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A category's or a tag's own page (the vocabulary's categories are one word, its tags slug-shaped: the lowercase
     * name is the address), half of them first pages. Not {@code /insights?category=}: that old address answers a
     * redirect to this one, and a run of redirects timed no listing at all (runs before 2026-11-28's second).
     */
    private static String filtered(SplittableRandom random, String page) {
        return random.nextBoolean() ? page : page + "?cursor=" + cursor(random);
    }

    /** What most visitors type: a topic, often narrowed (Generator.query), or one word of one. */
    private static String common(SplittableRandom random) {
        return random.nextBoolean() ? Generator.query(random) : words(Generator.pick(random, Vocabulary.TOPICS))
                .get(0);
    }

    /** Terms few insights share (a metric, an industry, a role and a title's number), or words none has. */
    private static String rare(SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            return Generator.pick(random, ABSENT) + " " + Generator.pick(random, Vocabulary.INDUSTRIES)
                    .replace("the ", "");
        }
        return String.join(" ", Generator.pick(random, Vocabulary.METRICS),
                Generator.pick(random, Vocabulary.INDUSTRIES).replace("the ", ""),
                last(words(Generator.pick(random, Vocabulary.ROLES))), Integer.toString(5 + random.nextInt(40)));
    }

    /** A topic or a metric in quotes, as websearch syntax takes a phrase, sometimes with an industry. */
    private static String phrase(SplittableRandom random) {
        String phrase = "\"" + (random.nextBoolean() ? Generator.pick(random, Vocabulary.TOPICS).replace("the ", "")
                : Generator.pick(random, Vocabulary.METRICS)) + "\"";
        return random.nextBoolean() ? phrase : phrase + " " + Generator.pick(random, Vocabulary.INDUSTRIES)
                .replace("the ", "");
    }

    /** One word of the vocabulary with one slip of the finger: two letters swapped, one dropped, doubled or wrong. */
    private static String typo(SplittableRandom random) {
        List<String> words = Stream.of(Vocabulary.TOPICS, Vocabulary.INDUSTRIES, Vocabulary.METRICS)
                .flatMap(List::stream).flatMap(phrase -> words(phrase).stream()).filter(w -> w.length() >= 6)
                .toList();
        String word = Generator.pick(random, words);
        int at = 1 + random.nextInt(word.length() - 2);
        StringBuilder typo = new StringBuilder(word);
        switch (random.nextInt(4)) {
            case 0 -> {
                typo.setCharAt(at, word.charAt(at + 1));
                typo.setCharAt(at + 1, word.charAt(at));
            }
            case 1 -> typo.deleteCharAt(at);
            case 2 -> typo.insert(at, word.charAt(at));
            default -> typo.setCharAt(at, (char) ('a' + random.nextInt(26)));
        }
        String misspelt = typo.toString();
        return misspelt.equals(word) ? word + "s" : misspelt;
    }

    private static String last(List<String> words) {
        return words.get(words.size() - 1);
    }

    private static List<String> words(String phrase) {
        return List.of(phrase.replace("the ", "").toLowerCase(Locale.ROOT).split("[^a-z0-9-]+"));
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
