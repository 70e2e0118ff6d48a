package io.zerone.insights.ingest.auth;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** An authenticated editorial client; its principal is the {@link EditorialClient}, handlers take it from there. */
final class ClientAuthentication extends AbstractAuthenticationToken {

    private final EditorialClient client;

    ClientAuthentication(EditorialClient client) {
        super(AuthorityUtils.createAuthorityList("ROLE_EDITOR"));
        this.client = client;
        setAuthenticated(true);
    }

    @Override
    public EditorialClient getPrincipal() {
        return client;
    }

    /** The key is not kept once it has been checked. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return client.id();
    }
}
