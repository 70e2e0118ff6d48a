package io.zerone.insights.ingest.publishing;

/** Reading minutes estimated from a Markdown body, at the 200 words per minute readers manage on technical text. */
final class ReadingTime {

    static final int WORDS_PER_MINUTE = 200;
    static final int MAX_MINUTES = 240;

    private ReadingTime() {
    }

    static int minutesFor(String body) {
        String text = body.strip();
        int words = text.isEmpty() ? 0 : text.split("\\s+").length;
        int minutes = (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
        return Math.max(1, Math.min(MAX_MINUTES, minutes));
    }
}
