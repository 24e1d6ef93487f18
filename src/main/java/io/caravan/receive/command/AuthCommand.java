// AUTH (RFC 4954) with the PLAIN and LOGIN mechanisms, only inside TLS; the password check runs on a worker.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;
import io.caravan.receive.auth.Credentials;
import io.caravan.receive.auth.SaslLogin;
import io.caravan.receive.auth.SaslPlain;

import java.util.Locale;
import java.util.function.Consumer;

final class AuthCommand implements SmtpCommand {

    static final SmtpReply CANCELLED = SmtpReply.of(501, "5.0.0", "Authentication cancelled");
    static final SmtpReply UNDECODABLE = SmtpReply.of(501, "5.5.2", "Cannot decode the response");

    @Override
    public void execute(SmtpSession session, String argument) {
        SmtpReply refusal = refusal(session);
        if (refusal != null) {
            session.error(refusal);
            return;
        }
        String[] parts = argument.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].strip() : null;
        switch (mechanism) {
            case "PLAIN" -> {
                if (initial != null) {
                    plain(session, initial.equals("=") ? "" : initial);
                } else {
                    session.reply(SmtpReply.of(334, "", ""));
                    session.expectSaslResponse(response -> ifNotCancelled(session, response, r -> plain(session, r)));
                }
            }
            case "LOGIN" -> {
                if (initial != null) {
                    loginUser(session, initial);
                } else {
                    session.reply(SmtpReply.of(334, "", SaslLogin.USERNAME_CHALLENGE));
                    session.expectSaslResponse(response -> ifNotCancelled(session, response, r -> loginUser(session, r)));
                }
            }
            default -> session.error(SmtpReply.of(504, "5.5.4", "Unrecognized authentication mechanism (use PLAIN or LOGIN)"));
        }
    }

    private static SmtpReply refusal(SmtpSession session) {
        if (session.connectorContext().security().auth() == io.caravan.receive.connector.ConnectorSecurity.AuthMode.NONE) {
            return SmtpReply.of(502, "5.5.1", "AUTH not available on this connector");
        }
        if (!session.isSecure()) {
            return SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism (use STARTTLS)");
        }
        if (!session.hasGreeted()) {
            return SmtpReply.of(503, "5.5.1", "Error: send EHLO first");
        }
        if (session.authenticatedUser().isPresent()) {
            return SmtpReply.of(503, "5.5.1", "Already authenticated");
        }
        if (session.transaction() != null) {
            return SmtpReply.of(503, "5.5.1", "AUTH not permitted during a mail transaction");
        }
        return null;
    }

    private static void ifNotCancelled(SmtpSession session, String response, Consumer<String> next) {
        if (response.strip().equals("*")) {
            session.error(CANCELLED);
        } else {
            next.accept(response.strip());
        }
    }

    private static void plain(SmtpSession session, String base64) {
        Credentials credentials;
        try {
            credentials = SaslPlain.decode(base64);
        } catch (IllegalArgumentException e) {
            session.error(UNDECODABLE);
            return;
        }
        verify(session, credentials);
    }

    private static void loginUser(SmtpSession session, String userBase64) {
        session.reply(SmtpReply.of(334, "", SaslLogin.PASSWORD_CHALLENGE));
        session.expectSaslResponse(response -> ifNotCancelled(session, response, passwordBase64 -> {
            Credentials credentials;
            try {
                credentials = SaslLogin.decode(userBase64, passwordBase64);
            } catch (IllegalArgumentException e) {
                session.error(UNDECODABLE);
                return;
            }
            verify(session, credentials);
        }));
    }

    private static void verify(SmtpSession session, Credentials credentials) {
        var authenticator = session.connectorContext().security().authenticator();
        session.replyFromWorker(() -> authenticator.verify(session.clientAddress(), credentials.username(), credentials.password()),
                reply -> {
                    if (reply.code() == 235) {
                        session.authenticated(credentials.username());
                    }
                });
    }
}
