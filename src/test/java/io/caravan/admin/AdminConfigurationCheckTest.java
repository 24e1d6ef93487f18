package io.caravan.admin;

import io.caravan.testing.ConfigStub;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdminConfigurationCheckTest {

    private static AdminConfig.Token token(String role, String token) {
        return ConfigStub.of(AdminConfig.Token.class, Map.of("role", role, "token", token));
    }

    private static List<String> errors(Map<String, AdminConfig.Token> tokens, String host) {
        return new AdminConfigurationCheck(ConfigStub.of(AdminConfig.class, Map.of("tokens", tokens)), host).configurationErrors();
    }

    @Test
    void anOpenAdminInterfaceMayOnlyListenOnLoopback() {
        assertEquals(List.of(), errors(Map.of(), "127.0.0.1"));
        assertEquals(List.of(), errors(Map.of(), "localhost"));
        assertEquals(List.of(), errors(Map.of(), "::1"));
        assertEquals(List.of("caravan.admin.tokens: the admin interface listens on 0.0.0.0 (quarkus.http.host) without"
                + " authentication; configure tokens, or listen on 127.0.0.1"), errors(Map.of(), "0.0.0.0"));
        assertEquals(List.of(), errors(Map.of("ops", token("admin", "0123456789abcdef")), "0.0.0.0"));
    }

    @Test
    void badRolesAndShortTokensAreNamed() {
        assertEquals(List.of("caravan.admin.tokens.ops.role: 'root' is not one of viewer, admin",
                "caravan.admin.tokens.ops.token: shorter than 16 characters"), errors(Map.of("ops", token("root", "short")), "127.0.0.1"));
    }
}
