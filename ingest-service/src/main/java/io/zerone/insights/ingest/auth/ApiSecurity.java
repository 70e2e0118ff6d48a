package io.zerone.insights.ingest.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import io.zerone.insights.ingest.web.ApiDescription;
import io.zerone.insights.ingest.web.ProblemResponses;

/**
 * Who may call what: /api/** needs a client's bearer key, actuator and the API's description are open (health probes and Prometheus run
 * inside the network), anything else is denied (404). A stateless bearer API: no sessions, no CSRF tokens (no browser
 * sends these credentials on its own), no login page; every rejection is problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ApiSecurity {

    static final String MISSING_KEY = "send the client's API key as 'Authorization: Bearer <key>'";
    static final String NOTHING_HERE = "nothing at this address";
    static final String REFUSED = "the request's address or a header holds what this API never takes: an encoded"
            + " '/', '.' or '%', a ';', a backslash, '..', or a control character such as NUL";

    @Bean
    SecurityWebFilterChain apiSecurityChain(ServerHttpSecurity http, BearerKeys keys, ProblemResponses problems) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            String detail = e instanceof BadCredentialsException ? BearerKeys.INVALID_KEY : MISSING_KEY;
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, "unauthorized");
        };
        // Only denyAll denies a client its key got through: a path outside /api, the actuator and the description,
        // where nothing answers for anyone. 404 says just that, and tells no more than an unknown /api path does; a
        // 403 would hint that something is there for another key.
        ServerAccessDeniedHandler nothingHere = (exchange, e) ->
                problems.write(exchange, HttpStatus.NOT_FOUND, "Not Found", NOTHING_HERE, "not_found");
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(keys);
        bearer.setServerAuthenticationConverter(BearerKeys::presented);
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(unauthorized));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/**", ApiDescription.PATH).permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(nothingHere))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .build();
    }

    /**
     * What Spring Security's firewall (StrictServerWebExchangeFirewall) refuses before any filter runs, such as
     * {@code DELETE /api/insights/a%2fb}, is answered problem+json like every other rejection: its own handler
     * answered 400 with an empty body. The firewall's message is not passed on, as it quotes the header it refused.
     */
    @Bean
    ServerExchangeRejectedHandler refusedExchanges(ProblemResponses problems) {
        return (exchange, e) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "Bad Request", REFUSED, "refused");
    }
}
