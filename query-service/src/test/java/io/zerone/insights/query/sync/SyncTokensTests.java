package io.zerone.insights.query.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.springframework.util.unit.DataSize;
import org.junit.jupiter.api.Test;

import io.zerone.insights.query.sync.SyncToken.Position;

class SyncTokensTests {

    private final SyncTokens tokens = tokens("a secret of sixteen or more");

    @Test
    void aTokenReadsBackAsItWasIssued() {
        SyncToken delta = new SyncToken("projection_3", new Position(4711, -1), null);
        SyncToken paging = new SyncToken("projection_3", new Position(4711, 12), "the-last-slug-2");

        assertThat(tokens.decode(tokens.encode(delta))).isEqualTo(delta);
        assertThat(tokens.decode(tokens.encode(paging))).isEqualTo(paging);
    }

    @Test
    void aTokenWithAChangedPositionIsRejected() {
        String token = tokens.encode(new SyncToken("projection_3", new Position(4711, 12), null));
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);

        String moved = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("4711", "4712").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> tokens.decode(moved)).isInstanceOf(SyncTokens.InvalidToken.class)
                .hasMessageContaining("signature");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRejected() {
        String foreign = tokens("another secret, just as long").encode(
                new SyncToken("projection_3", new Position(1, 1), null));

        assertThatThrownBy(() -> tokens.decode(foreign)).isInstanceOf(SyncTokens.InvalidToken.class);
    }

    @Test
    void garbageIsRejected() {
        for (String garbage : new String[] {"", ".", "abc", "abc.def", "!!.??", "a".repeat(700) + ".x"}) {
            assertThatThrownBy(() -> tokens.decode(garbage)).isInstanceOf(SyncTokens.InvalidToken.class);
        }
    }

    private static SyncTokens tokens(String secret) {
        return new SyncTokens(new SyncSettings(secret, 100, DataSize.ofMegabytes(8), Duration.ofDays(30),
                Duration.ofHours(1)));
    }
}
