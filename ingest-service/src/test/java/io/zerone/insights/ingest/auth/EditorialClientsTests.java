package io.zerone.insights.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class EditorialClientsTests {

    private final EditorialClients clients = new EditorialClients(List.of(
            new EditorialClients.Client("newsroom", HexFormat.of().formatHex(EditorialClients.sha256("newsroom-key"))),
            new EditorialClients.Client("cms", HexFormat.of().formatHex(EditorialClients.sha256("cms-key")))));

    @Test
    void bearerKeyIdentifiesItsClient() {
        assertThat(clients.authenticate("Bearer cms-key")).isEqualTo("cms");
        assertThat(clients.authenticate("bearer newsroom-key")).isEqualTo("newsroom");
    }

    @Test
    void rejectsMissingHeaderOtherSchemesAndUnknownKeys() {
        assertThatThrownBy(() -> clients.authenticate(null)).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> clients.authenticate("Basic Y21zOmtleQ==")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> clients.authenticate("Bearer ")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> clients.authenticate("Bearer cms-key2")).isInstanceOf(UnauthorizedException.class);
    }
}
