package io.zerone.insights.ingest.receipts;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 (section 4.3): how many seconds the client is willing to wait for the
 * outcome. At most {@link #MAX_SECONDS} are applied; a longer wait is shortened to it, and {@code Preference-Applied}
 * says so by naming the wait that was applied. A malformed or zero wait is ignored, as RFC 7240 ignores a preference
 * it cannot apply.
 */
public record PreferredWait(int seconds) {

    public static final String PREFER = "Prefer";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final int MAX_SECONDS = 30;

    /** The wait the {@code Prefer} headers ask for, capped; empty when they ask for none. */
    public static Optional<PreferredWait> from(List<String> preferHeaders) {
        if (preferHeaders == null) {
            return Optional.empty();
        }
        for (String header : preferHeaders) {
            for (String preference : header.split(",")) {
                // a preference may carry parameters after ';', which the wait has none of
                String[] nameAndValue = preference.split(";", 2)[0].split("=", 2);
                if (nameAndValue.length == 2 && nameAndValue[0].trim().toLowerCase(Locale.ROOT).equals("wait")) {
                    return seconds(nameAndValue[1].trim().replace("\"", ""));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<PreferredWait> seconds(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        // any number of digits is a wait (RFC 7240 sets no bound), capped like any other long one
        String digits = value.replaceFirst("^0+(?=.)", "");
        int seconds = digits.length() > 9 ? MAX_SECONDS : Math.min(Integer.parseInt(digits), MAX_SECONDS);
        return seconds == 0 ? Optional.empty() : Optional.of(new PreferredWait(seconds));
    }

    public Duration duration() {
        return Duration.ofSeconds(seconds);
    }

    /** The value of {@code Preference-Applied}. */
    public String applied() {
        return "wait=" + seconds;
    }
}
