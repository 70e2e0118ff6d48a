package io.zerone.insights.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/** One line of seed-insights.jsonl: an insight as the editor sent it, Markdown body included. */
public record Seed(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String caseRef, List<String> tags, String body, String language) {

    /** The nine insights of the seed listing page, in file order (newest first). */
    public static List<Seed> all() {
        try (InputStream in = Seed.class.getResourceAsStream("/seed-insights.jsonl")) {
            JsonMapper json = JsonMapper.builder().build();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank())
                    .map(line -> json.readValue(line, Seed.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Seed bySlug(String slug) {
        return all().stream().filter(seed -> seed.slug().equals(slug)).findFirst().orElseThrow();
    }

    public Seed withTitle(String newTitle) {
        return new Seed(slug, newTitle, summary, category, publishedAt, readingMinutes, caseRef, tags, body, language);
    }

    public Seed withBody(String newBody) {
        return new Seed(slug, title, summary, category, publishedAt, readingMinutes, caseRef, tags, newBody, language);
    }

    public Seed withSlug(String newSlug) {
        return new Seed(newSlug, title, summary, category, publishedAt, readingMinutes, caseRef, tags, body, language);
    }

    public Seed publishedAt(Instant instant) {
        return new Seed(slug, title, summary, category, instant, readingMinutes, caseRef, tags, body, language);
    }
}
