// The admin API over HTTP(S) with the JDK's HttpClient: JSON in and out, each refusal turned into one clear line.
package io.caravan.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** Paths are given with their segments already encoded ({@link #segment}); queries as a map, empty values left out. */
final class AdminClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Broker operations on a long queue and bcrypt hashing take a while; nothing the CLI asks should take longer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final URI base;
    private final String token;
    private final HttpClient http;

    AdminClient(URI base, String token, SSLContext tls) {
        this.base = base;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    JsonObject get(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return call("GET", path + q, null);
    }

    JsonObject get(String path) {
        return call("GET", path, null);
    }

    JsonObject post(String path, JsonObject body) {
        return call("POST", path, body);
    }

    JsonObject put(String path, JsonObject body) {
        return call("PUT", path, body);
    }

    JsonObject delete(String path) {
        return call("DELETE", path, null);
    }

    /** One path segment (a next hop, a queue id, a user name), percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonObject call(String method, String path, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted");
        } catch (IOException e) {
            throw unreachable(e);
        }
        return answer(method, path, response.statusCode(), response.body());
    }

    private JsonObject answer(String method, String path, int status, String body) {
        if (status / 100 == 2) {
            try {
                return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
            } catch (DecodeException e) {
                throw new CliException(CliException.REFUSED, "the server at " + base + " did not answer with JSON: is --url the admin API?");
            }
        }
        String said = said(body);
        throw switch (status) {
            case 401 -> new CliException(CliException.REFUSED, token == null
                    ? "the admin API requires a token (401): set CARAVAN_TOKEN, or use --token-file or --token"
                    : "the admin API refused the token (401): check CARAVAN_TOKEN, --token-file or --token");
            case 403 -> new CliException(CliException.REFUSED, "this token may only read (403): changes need a token with role admin");
            case 404 -> new CliException(CliException.REFUSED, said.isEmpty() ? "not found (404): " + method + " " + path : said);
            case 429 -> new CliException(CliException.REFUSED,
                    "too many failed attempts from this address (429): wait for caravan.admin.failure-window (10 minutes by default)");
            case 400 -> new CliException(CliException.USAGE, said.isEmpty() ? "bad request (400)" : said);
            default -> new CliException(CliException.REFUSED, status < 500 && !said.isEmpty() ? said
                    : "the server answered " + status + (said.isEmpty() ? "" : ": " + said));
        };
    }

    /** The {"error": ...} of a JSON answer, or the first line of a plain one. */
    private static String said(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            return Format.clean(String.valueOf(new JsonObject(body).getValue("error", "")));
        } catch (DecodeException | ClassCastException e) {
            return Format.clean(body.strip().lines().findFirst().orElse(""));
        }
    }

    private CliException unreachable(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof ConnectException) {
            why = e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
            if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
                why = "unknown host " + base.getHost();
            }
        } else if (e instanceof SSLException) {
            why = "TLS failed (" + e.getMessage() + "); for a self-signed certificate use --ca-file <cert.pem> or --insecure";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new CliException(CliException.UNREACHABLE, "cannot reach Caravan at " + base + ": " + Format.clean(why)
                + (e instanceof ConnectException ? " (is it running? set --url or CARAVAN_URL)" : ""));
    }
}
