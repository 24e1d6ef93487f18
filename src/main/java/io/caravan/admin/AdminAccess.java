// Locks the admin interface (/api, /q/camel): bearer tokens with a role, throttled failures, and an audit line per change.
package io.caravan.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs before every admin handler. With tokens configured, a request needs
 * {@code Authorization: Bearer <token>}: none or a wrong one gets 401, a viewer's change 403, and an
 * address with too many failures 429 until its window passes. Tokens are compared as SHA-256 digests
 * with {@link MessageDigest#isEqual} (constant time, and the length of a token leaks nothing). Every
 * change that is let through is written to the audit log (category {@code caravan.audit}) with who,
 * from where and what. Health and metrics (/q/health, /q/metrics) stay open for probes and scrapers.
 */
@Singleton
public class AdminAccess {

    private static final Logger AUDIT = Logger.getLogger("caravan.audit");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** Handlers registered with a lower order run first; Caravan's own admin handlers use the default. */
    private static final int BEFORE_HANDLERS = -1000;

    private record Holder(String name, String role) {
    }

    private record Failures(long windowStart, int count) {
    }

    private final AdminConfig config;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** The routing context key of who is acting: the token's name, or "anonymous" when no tokens are configured. */
    static final String ACTOR = "caravan.admin.actor";

    public AdminAccess(AdminConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        for (String path : new String[] {"/api/*", "/q/camel/*"}) {
            router.route(path).order(BEFORE_HANDLERS).handler(this::check);
        }
    }

    void check(RoutingContext rc) {
        String method = rc.request().method().name();
        String client = rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
        if (config.tokens().isEmpty()) {
            audit(method, "anonymous (no tokens configured)", client, rc);
            rc.put(ACTOR, "anonymous");
            rc.next();
            return;
        }
        if (throttled(client)) {
            rc.response().setStatusCode(429).putHeader("Content-Type", "text/plain").end("Too many failed attempts; try again later\n");
            return;
        }
        Optional<Holder> holder = bearer(rc.request().getHeader("Authorization")).flatMap(this::holderOf);
        if (holder.isEmpty()) {
            failed(client);
            rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"caravan\"")
                    .putHeader("Content-Type", "text/plain").end("Authentication required\n");
            return;
        }
        if (!READS.contains(method) && !"admin".equals(holder.get().role())) {
            rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain").end("Role viewer may not change anything\n");
            return;
        }
        audit(method, holder.get().name(), client, rc);
        rc.put(ACTOR, holder.get().name());
        rc.next();
    }

    /** Who {@link #check} let through (the tracking log's {@code by}). */
    static String actor(RoutingContext rc) {
        Object who = rc.get(ACTOR);
        return who == null ? "" : who.toString();
    }

    private static void audit(String method, String who, String client, RoutingContext rc) {
        if (!READS.contains(method)) {
            AUDIT.infof("CHANGE who=%s client=%s action=\"%s %s\"", who, client, method, rc.request().path());
        }
    }

    private static Optional<String> bearer(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip());
    }

    /** Every configured token is compared, so the time taken says nothing about which one (or whether one) matched. */
    private Optional<Holder> holderOf(String presented) {
        byte[] digest = sha256(presented);
        Holder found = null;
        for (Map.Entry<String, AdminConfig.Token> e : config.tokens().entrySet()) {
            if (MessageDigest.isEqual(digest, sha256(e.getValue().token())) && found == null) {
                found = new Holder(e.getKey(), e.getValue().role());
            }
        }
        return Optional.ofNullable(found);
    }

    private boolean throttled(String client) {
        Failures f = failures.get(client);
        return f != null && System.nanoTime() - f.windowStart() < config.failureWindow().toNanos() && f.count() >= config.maxFailures();
    }

    private void failed(String client) {
        long now = System.nanoTime();
        if (failures.size() > 100_000) {
            failures.clear(); // bounded: a flood of addresses cannot grow this without limit
        }
        failures.compute(client, (k, f) -> f == null || now - f.windowStart() >= config.failureWindow().toNanos()
                ? new Failures(now, 1) : new Failures(f.windowStart(), f.count() + 1));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
