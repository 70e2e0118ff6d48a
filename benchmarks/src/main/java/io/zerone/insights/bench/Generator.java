package io.zerone.insights.bench;

import static io.zerone.insights.bench.Vocabulary.CATEGORIES;
import static io.zerone.insights.bench.Vocabulary.HEADINGS;
import static io.zerone.insights.bench.Vocabulary.INDUSTRIES;
import static io.zerone.insights.bench.Vocabulary.METRICS;
import static io.zerone.insights.bench.Vocabulary.ROLES;
import static io.zerone.insights.bench.Vocabulary.SENTENCES;
import static io.zerone.insights.bench.Vocabulary.TAGS;
import static io.zerone.insights.bench.Vocabulary.TITLES;
import static io.zerone.insights.bench.Vocabulary.TOPICS;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightPublished;

/**
 * Realistic insights, the same for the same index: a titled article of 250 to 650 words in sections, a category,
 * two to five tags, sometimes a case reference, published on a weekday between 2018 and late 2026 with more of
 * them recent. The slug is the title's plus the index, with a prefix that keeps separate runs apart.
 */
final class Generator {

    static final Instant FIRST = LocalDate.of(2018, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    static final Instant LAST = LocalDate.of(2026, 11, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private final String slugPrefix;

    Generator(String slugPrefix) {
        this.slugPrefix = slugPrefix;
    }

    record Insight(InsightMetadata metadata, String body) {

        String slug() {
            return metadata.slug();
        }

        InsightPublished published(String source) {
            return new InsightPublished(UUID.randomUUID(), Instant.now(), source, metadata, body);
        }
    }

    Insight insight(long index) {
        SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 17);
        String topic = pick(random, TOPICS);
        String industry = pick(random, INDUSTRIES);
        String metric = pick(random, METRICS);
        String title = String.format(Locale.ROOT, pick(random, TITLES), topic, industry, 3 + random.nextInt(6),
                metric, 5 + random.nextInt(40));
        title = Character.toUpperCase(title.charAt(0)) + title.substring(1);
        String summary = sentence(random, topic, industry) + " " + sentence(random, topic, industry);
        String body = body(random, topic, industry);
        int words = body.split("\\s+").length;
        return new Insight(new InsightMetadata(slugPrefix + slug(title) + "-" + Long.toString(index, 36), title,
                summary, pick(random, CATEGORIES), publishedAt(random), Math.max(1, (words + 199) / 200),
                // a case number, two digits, as ingest-service takes a caseRef (PublishLoad sends it there)
                random.nextInt(10) < 3 ? String.format(Locale.ROOT, "%02d", random.nextInt(100)) : null, tags(random),
                "en"), body);
    }

    private static String body(SplittableRandom random, String topic, String industry) {
        StringBuilder body = new StringBuilder();
        int sections = 3 + random.nextInt(3);
        List<String> headings = new ArrayList<>(HEADINGS);
        for (int s = 0; s < sections; s++) {
            body.append("## ").append(headings.remove(random.nextInt(headings.size()))).append("\n\n");
            int paragraphs = 1 + random.nextInt(2);
            for (int p = 0; p < paragraphs; p++) {
                int sentences = 3 + random.nextInt(3);
                for (int i = 0; i < sentences; i++) {
                    body.append(i == 0 ? "" : " ").append(sentence(random, topic, industry));
                }
                body.append("\n\n");
            }
            if (random.nextInt(4) == 0) {
                for (int i = 0; i < 3; i++) {
                    body.append("- **").append(pick(random, METRICS)).append("**: ")
                            .append(sentence(random, topic, industry)).append('\n');
                }
                body.append('\n');
            }
        }
        return body.toString().strip();
    }

    private static String sentence(SplittableRandom random, String topic, String industry) {
        return String.format(Locale.ROOT, pick(random, SENTENCES), topic, industry, pick(random, ROLES),
                pick(random, METRICS), 3 + random.nextInt(20), 5 + random.nextInt(35));
    }

    /** More insights in recent years, as a growing practice publishes more; weekdays, office hours. */
    private static Instant publishedAt(SplittableRandom random) {
        long days = ChronoUnit.DAYS.between(FIRST, LAST);
        long day = (long) (days * Math.sqrt(random.nextDouble()));
        Instant date = FIRST.plus(day, ChronoUnit.DAYS);
        int weekday = date.atZone(ZoneOffset.UTC).getDayOfWeek().getValue();
        if (weekday > 5) {
            date = date.minus(weekday - 5, ChronoUnit.DAYS);
        }
        return date.plus(7 * 60 + random.nextInt(11 * 60), ChronoUnit.MINUTES).plusSeconds(random.nextInt(60));
    }

    private static List<String> tags(SplittableRandom random) {
        Set<String> tags = new LinkedHashSet<>();
        int count = 2 + random.nextInt(4);
        while (tags.size() < count) {
            tags.add(pick(random, TAGS));
        }
        return List.copyOf(tags);
    }

    /**
     * A search a reader might type: a topic, often narrowed by an industry, a metric or a role. About 50,000 distinct
     * queries, far more than the query service caches, so that a run over them mostly misses its cache.
     */
    static String query(SplittableRandom random) {
        StringBuilder query = new StringBuilder(pick(random, TOPICS).replace("the ", ""));
        if (random.nextInt(3) > 0) {
            query.append(' ').append(pick(random, INDUSTRIES).replace("the ", ""));
        }
        if (random.nextBoolean()) {
            query.append(' ').append(pick(random, METRICS));
        }
        if (random.nextInt(3) == 0) {
            query.append(' ').append(pick(random, ROLES).replaceFirst("^(the|a) ", ""));
        }
        return query.toString();
    }

    static String slug(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 60 ? slug.substring(0, 60).replaceAll("-$", "") : slug;
    }

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
