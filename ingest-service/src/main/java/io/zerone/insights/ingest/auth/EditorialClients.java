package io.zerone.insights.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The editorial clients allowed to publish. Set them with insights.ingest.clients[N].id / .key-sha256 /
 * .rate-limit.requests-per-second / .rate-limit.burst (INSIGHTS_INGEST_CLIENTS_0_ID, ...).
 */
@ConfigurationProperties("insights.ingest")
public record EditorialClients(List<EditorialClient> clients) {

    public EditorialClients {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** The client whose API key this is, if any. */
    Optional<EditorialClient> withKey(String key) {
        byte[] presented = sha256(key);
        EditorialClient match = null;
        // every client is compared, in constant time each, so timing reveals neither the key nor which client
        for (EditorialClient client : clients) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(client.keySha256())) && match == null) {
                match = client;
            }
        }
        return Optional.ofNullable(match);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
