// REST view of the SMTP AUTH users under /api/users: list names, add, change a password, remove.
package io.caravan.admin;

import io.caravan.config.CaravanConfig;
import io.caravan.receive.auth.Authenticator;
import io.caravan.receive.auth.UsersFile;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The users in {@code caravan.auth.users-file}, as {@code caravan users} edits them (Postfix keeps them in
 * a SASL database, Exchange in Active Directory):
 * <pre>
 * GET    /api/users                   names and send-as rules, never a hash (a viewer may list)
 * POST   /api/users                   {"name", "password", "sendAs"?}  201; 409 when the user exists
 * PUT    /api/users/{name}/password   {"password"}                     404 for an unknown user
 * DELETE /api/users/{name}                                             404 for an unknown user
 * </pre>
 * The file is rewritten by an atomic rename and re-read at once, so the next AUTH uses it. A file that
 * cannot be written (a Kubernetes Secret mount) gets 409: change the Secret, with a line from
 * {@code caravan users hash}.
 */
@Singleton
public class UserApi {

    private static final Logger LOG = Logger.getLogger(UserApi.class);
    /** A name, a send-as list and a bcrypt-sized password fit many times over. */
    private static final long MAX_BODY = 16 * 1024;

    private final Optional<UsersFile> file;
    private final Authenticator authenticator;

    public UserApi(CaravanConfig config, Authenticator authenticator) {
        this.file = config.auth().usersFile().map(f -> new UsersFile(Path.of(f)));
        this.authenticator = authenticator;
    }

    void register(@Observes Router router) {
        router.get("/api/users").blockingHandler(rc -> answer(rc, 200, users -> {
            JsonArray list = new JsonArray();
            users.list().forEach(u -> list.add(new JsonObject().put("name", u.name()).put("sendAs", u.sendAs())));
            return new JsonObject().put("users", list);
        }));
        router.post("/api/users").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).blockingHandler(rc -> answer(rc, 201, users -> {
            JsonObject body = body(rc);
            String name = required(body, "name");
            char[] password = required(body, "password").toCharArray();
            try {
                if (!users.add(name, password, optional(body, "sendAs"))) {
                    throw new Refusal(409, "user " + name + " exists; change its password with caravan users passwd");
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            return new JsonObject().put("added", name);
        }));
        router.put("/api/users/:name/password").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).blockingHandler(rc -> answer(rc, 200, users -> {
            String name = rc.pathParam("name");
            char[] password = required(body(rc), "password").toCharArray();
            try {
                if (!users.setPassword(name, password)) {
                    throw new Refusal(404, "no user " + name);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
            return new JsonObject().put("changed", name);
        }));
        router.delete("/api/users/:name").blockingHandler(rc -> answer(rc, 200, users -> {
            if (!users.remove(rc.pathParam("name"))) {
                throw new Refusal(404, "no user " + rc.pathParam("name"));
            }
            return new JsonObject().put("removed", rc.pathParam("name"));
        }));
    }

    private interface Action {
        JsonObject on(UsersFile users) throws IOException;
    }

    /** An answer other than success, with its status. */
    private static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void answer(RoutingContext rc, int status, Action action) {
        try {
            UsersFile users = file.orElseThrow(() -> new Refusal(409, "no users file: set caravan.auth.users-file"));
            JsonObject result = action.on(users);
            if (!"GET".equals(rc.request().method().name())) {
                authenticator.reloadUsers();
            }
            send(rc, status, result);
        } catch (Refusal e) {
            send(rc, e.status, new JsonObject().put("error", e.getMessage()));
        } catch (IllegalArgumentException e) {
            send(rc, 400, new JsonObject().put("error", e.getMessage()));
        } catch (IOException e) {
            LOG.errorf("%s %s: cannot change the users file: %s", rc.request().method(), rc.request().path(), e);
            send(rc, 409, new JsonObject().put("error", "cannot write the users file " + file.map(UsersFile::path).orElse(null)
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); if it is a Kubernetes Secret, change the Secret"
                    + " with a line from caravan users hash"));
        }
    }

    private static JsonObject body(RoutingContext rc) {
        try {
            JsonObject body = rc.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("expected a JSON object body");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("expected a JSON object body");
        }
    }

    private static String required(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("\"" + key + "\" is required (a non-empty string)");
        }
        return s;
    }

    private static String optional(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return (String) value;
    }

    private static void send(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encodePrettily() + "\n");
    }
}
