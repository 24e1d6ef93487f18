// The operator's web page at /console/: static files from META-INF/resources/console, sent with a strict Content-Security-Policy.
package io.caravan.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The page holds no secret and needs no login to load: it asks the operator for a bearer token
 * ({@code caravan.admin.tokens}) and sends it on every {@code /api} call, where {@link AdminAccess} checks it.
 * What the page shows comes partly from senders (subjects, addresses, SMTP replies), so besides rendering it
 * as text only, the browser is told to run no script but the page's own file and to load nothing from
 * elsewhere: a quoted {@code <script>} that slipped through would still not run.
 */
@Singleton
public class ConsolePage {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Before Quarkus' static file handler, which serves the files themselves. */
    private static final int BEFORE_STATIC_FILES = -2000;

    void register(@Observes Router router) {
        router.routeWithRegex("^/console$").order(BEFORE_STATIC_FILES).handler(rc -> // Vert.x's "/console" would match "/console/" too
                rc.response().setStatusCode(302).putHeader("Location", "/console/").end());
        router.route("/console/*").order(BEFORE_STATIC_FILES).handler(this::headers);
    }

    private void headers(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        rc.next();
    }
}
