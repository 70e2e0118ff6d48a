package io.zerone.insights.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The nine insights of the seed listing page as ingest payloads, newest first as the page shows them: one JSON
 * object per line, a copy of shared/fixtures/seed-insights.jsonl.
 */
public final class SeedInsights {

    private SeedInsights() {
    }

    public static List<String> payloads() {
        try (InputStream in = SeedInsights.class.getResourceAsStream("/fixtures/seed-insights.jsonl");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
