package io.zerone.insights.ingest.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Authenticates {@code Authorization: Bearer <key>} against the configured clients. As a bean it also keeps Spring
 * Boot from configuring its default user with a generated password.
 */
@Component
class BearerKeys implements ReactiveAuthenticationManager {

    static final String INVALID_KEY = "the API key is not valid";

    private static final String SCHEME = "Bearer ";

    private final EditorialClients clients;

    BearerKeys(EditorialClients clients) {
        this.clients = clients;
    }

    /** The presented key, or nothing for a request without a bearer key: that one is answered by the entry point. */
    static Mono<Authentication> presented(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Mono.empty();
        }
        String key = authorization.substring(SCHEME.length()).strip();
        return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(null, key));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication presented) {
        return Mono.justOrEmpty(clients.withKey((String) presented.getCredentials()))
                .<Authentication>map(ClientAuthentication::new)
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException(INVALID_KEY)));
    }
}
