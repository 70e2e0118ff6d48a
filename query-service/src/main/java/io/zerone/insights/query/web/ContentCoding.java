package io.zerone.insights.query.web;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The content codings a body can be stored in besides identity, and the choice among them for a request's
 * Accept-Encoding (RFC 9110, section 12.5.3): the coding with the highest q-value wins, an absent coding takes the q
 * of {@code *} if there is one, a q of 0 means "not acceptable"; on a tie brotli wins over gzip (smaller) and both
 * over identity. Identity wins only where it is named (or {@code *} is) with a higher q than any stored coding, and
 * is the answer without Accept-Encoding or when nothing stored is acceptable.
 */
public enum ContentCoding {

    BROTLI("br"),
    GZIP("gzip");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** As it goes into Content-Encoding. */
    public String token() {
        return token;
    }

    /** The coding to send, of those available, or null for identity. */
    public static ContentCoding choose(List<String> acceptEncoding, Collection<ContentCoding> available) {
        if (acceptEncoding.isEmpty() || available.isEmpty()) {
            return null;
        }
        Preferences preferences = Preferences.parse(acceptEncoding);
        ContentCoding best = null;
        double bestQ = 0;
        for (ContentCoding coding : values()) { // in order of preference on a tie
            double q = preferences.q(coding.token);
            if (available.contains(coding) && q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best != null && bestQ >= preferences.q("identity") ? best : null;
    }

    /** The q-values a request gave: of gzip (x-gzip too), br, identity and *; -1 where it named none. */
    private record Preferences(double gzip, double brotli, double identity, double any) {

        static Preferences parse(List<String> headers) {
            double[] q = {-1, -1, -1, -1};
            for (String header : headers) {
                for (String element : header.split(",")) {
                    int semicolon = element.indexOf(';');
                    String coding = (semicolon < 0 ? element : element.substring(0, semicolon)).strip()
                            .toLowerCase(Locale.ROOT);
                    int slot = switch (coding) {
                        case "gzip", "x-gzip" -> 0;
                        case "br" -> 1;
                        case "identity" -> 2;
                        case "*" -> 3;
                        default -> -1;
                    };
                    if (slot >= 0) {
                        q[slot] = Math.max(q[slot], qValue(semicolon < 0 ? "" : element.substring(semicolon + 1)));
                    }
                }
            }
            return new Preferences(q[0], q[1], q[2], q[3]);
        }

        /** The weight of an element's parameters ("q=0.5"): 1 without one, 0 (never chosen) for a malformed one. */
        private static double qValue(String parameters) {
            for (String parameter : parameters.split(";")) {
                int equals = parameter.indexOf('=');
                // "q=", "q" alone: a weight without a value is as malformed as "q=high"
                if ((equals < 0 ? parameter : parameter.substring(0, equals)).strip().equalsIgnoreCase("q")) {
                    try {
                        double q = Double.parseDouble(equals < 0 ? "" : parameter.substring(equals + 1).strip());
                        return q >= 0 && q <= 1 ? q : 0;
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            return 1;
        }

        double q(String token) {
            double named = switch (token) {
                case "gzip" -> gzip;
                case "br" -> brotli;
                default -> identity;
            };
            if (named >= 0) {
                return named;
            }
            if (any >= 0) {
                return any;
            }
            // a coding not named is not acceptable; identity always is, but as the fallback, preferred to no coding
            // that was named
            return 0;
        }
    }
}
