package io.zerone.insights.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class EditorialClientsTests {

    private final EditorialClients clients = new EditorialClients(List.of(
            new EditorialClient("newsroom", HexFormat.of().formatHex(EditorialClients.sha256("newsroom-key")), null),
            new EditorialClient("cms", HexFormat.of().formatHex(EditorialClients.sha256("cms-key")),
                    new EditorialClient.RateLimit(0.5, 3))));

    @Test
    void keyIdentifiesItsClient() {
        assertThat(clients.withKey("cms-key")).map(EditorialClient::id).contains("cms");
        assertThat(clients.withKey("newsroom-key")).map(EditorialClient::id).contains("newsroom");
    }

    @Test
    void unknownAndEmptyKeysIdentifyNoClient() {
        assertThat(clients.withKey("cms-key2")).isEmpty();
        assertThat(clients.withKey("")).isEmpty();
    }

    @Test
    void clientWithoutRateLimitGetsTheDefault() {
        assertThat(clients.withKey("newsroom-key").orElseThrow().rateLimit())
                .isEqualTo(new EditorialClient.RateLimit(20, 40));
        assertThat(clients.withKey("cms-key").orElseThrow().rateLimit())
                .isEqualTo(new EditorialClient.RateLimit(0.5, 3));
    }
}
