// Asks rspamd's normal worker about one message over its HTTP protocol (POST /checkv2), the message streamed.
package io.caravan.filter.content;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The envelope travels as rspamd's request headers: {@code From} (MAIL FROM), one {@code Rcpt} per
 * recipient, {@code IP}, {@code Helo}, {@code Queue-Id}, {@code User} when the client authenticated,
 * and {@code Password} when one is configured. The body is streamed from the message (a spooled
 * message is never read whole into the heap) with its length, over HTTP/1.1. One deadline covers
 * connecting, sending and reading the reply; the reply is read up to {@link #MAX_REPLY} bytes.
 */
final class RspamdClient {

    /** A /checkv2 reply is a few kilobytes; more than this is not an answer. */
    static final int MAX_REPLY = 1024 * 1024;

    private final URI checkv2;
    private final Duration timeout;
    private final Optional<String> password;
    private final HttpClient http;

    RspamdClient(URI base, Duration timeout, Optional<String> password) {
        String url = base.toString();
        this.checkv2 = URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/checkv2");
        this.timeout = timeout;
        this.password = password.filter(p -> !p.isEmpty());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    URI endpoint() {
        return checkv2;
    }

    /** @throws RspamdFailure when rspamd is down, slower than the timeout, or answers anything but a reply */
    RspamdReply check(RawMessage message, Envelope envelope, Optional<String> user) throws RspamdFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(checkv2).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(message::open), message.size()))
                .header("Queue-Id", envelope.queueId())
                .header("IP", envelope.clientIp())
                .header("Helo", headerValue(envelope.helo()));
        if (!envelope.mailFrom().isNullSender()) {
            request.header("From", headerValue(envelope.mailFrom().address()));
        }
        for (MailAddress rcpt : envelope.recipients()) {
            request.header("Rcpt", headerValue(rcpt.address()));
        }
        user.ifPresent(u -> request.header("User", headerValue(u)));
        password.ifPresent(p -> request.header("Password", p));
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request.build(), info -> new BoundedBody(MAX_REPLY));
        HttpResponse<byte[]> response;
        try {
            response = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new RspamdFailure("rspamd did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new RspamdFailure("interrupted while waiting for rspamd", e);
        } catch (ExecutionException e) {
            throw new RspamdFailure(describe(e.getCause()), e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new RspamdFailure("rspamd answered HTTP " + response.statusCode() + ": "
                    + new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8).strip());
        }
        return RspamdReply.parse(response.body());
    }

    private String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "cannot connect to rspamd at " + checkv2.getAuthority();
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "rspamd did not answer within " + timeout.toMillis() + " ms";
        }
        return "rspamd at " + checkv2.getAuthority() + " failed: " + cause;
    }

    /**
     * rspamd reads header values as UTF-8 bytes; HttpClient writes each char of a value as one byte,
     * so an internationalised address is handed over as its UTF-8 bytes, one char each.
     */
    private static String headerValue(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
