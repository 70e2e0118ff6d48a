package io.zerone.insights.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The editorial clients allowed to publish, each with the SHA-256 of its API key: configuration never holds a key
 * itself. Set them with insights.ingest.clients[N].id / .key-sha256 (INSIGHTS_INGEST_CLIENTS_0_ID, ...).
 */
@ConfigurationProperties("insights.ingest")
public record EditorialClients(List<Client> clients) {

    public record Client(String id, String keySha256) {
    }

    public EditorialClients {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /**
     * The id of the client whose key the Authorization header carries.
     *
     * @throws UnauthorizedException without a bearer key, or with one that no client has
     */
    public String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("send the client's API key as 'Authorization: Bearer <key>'");
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        String match = null;
        // every client is compared, in constant time each, so timing reveals neither the key nor which client
        for (Client client : clients) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(client.keySha256())) && match == null) {
                match = client.id();
            }
        }
        if (match == null) {
            throw new UnauthorizedException("the API key is not valid");
        }
        return match;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
