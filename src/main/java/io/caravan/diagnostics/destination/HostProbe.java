// Destination step 3: each mail host in order, over SMTP: connect, banner, EHLO, STARTTLS, and for an address MAIL/RCPT, then RSET and QUIT.
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.mail.MailAddress;
import io.caravan.routing.NextHopAddress;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Caravan's send connector would see, without sending anything: the probe stops at RCPT TO
 * and says RSET and QUIT. A host that cannot be reached is a warning while another host of the
 * same next hop works (delivery moves on to it), and a failure when none does. The address probe
 * (MAIL FROM / RCPT TO) runs once, at the first host that gets that far.
 */
public final class HostProbe implements DiagnosticCheck {

    /** Timeouts and names the probe uses. */
    public record Settings(Duration connectTimeout, Duration replyTimeout, int maxHosts, String ehloName, MailAddress sender) {
    }

    private final Destination destination;
    private final Settings settings;
    private final CertificateCheck certificates;

    public HostProbe(Destination destination, Settings settings, CertificateCheck certificates) {
        this.destination = destination;
        this.settings = settings;
        this.certificates = certificates;
    }

    @Override
    public void run(Findings out) throws InterruptedException {
        List<NextHopAddress> hosts = destination.addresses;
        if (hosts.isEmpty()) {
            return;
        }
        boolean anyWorks = false;
        boolean addressProbed = false;
        int probed = 0;
        for (NextHopAddress host : hosts) {
            if (probed++ == settings.maxHosts()) {
                out.ok("hosts", "Only the first " + settings.maxHosts() + " addresses were probed.",
                        hosts.subList(settings.maxHosts(), hosts.size()).toString());
                break;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            boolean probeAddress = destination.target.address() != null && !addressProbed;
            Boolean result = probe(out, host, probeAddress);
            anyWorks |= result != null;
            addressProbed |= result != null && result;
        }
        if (!anyWorks) {
            out.failure("hosts", "No mail host of " + destination.target.domain() + " could be reached over SMTP: mail waits in the queue.",
                    hosts.toString(), "See the findings for each host above; if every remote host times out, check our outbound firewall on port "
                            + hosts.get(0).port() + " (many providers block port 25).");
        }
    }

    /** @return null when the host does not speak SMTP to us; else whether the address was probed */
    private Boolean probe(Findings out, NextHopAddress host, boolean probeAddress) {
        String at = host.toString();
        SmtpConversation smtp;
        try {
            smtp = SmtpConversation.connect(new InetSocketAddress(host.address(), host.port()), settings.connectTimeout(), settings.replyTimeout());
        } catch (SmtpConversation.ConnectTrouble e) {
            connectTrouble(out, at, e);
            return null;
        }
        try (smtp) {
            out.ok("connect " + at, "Connected.", "");
            SmtpConversation.Reply banner = smtp.read();
            if (banner.code() != 220) {
                out.warning("banner " + at, "The host refuses sessions from us: its greeting is not 220.", banner.wire(),
                        "Read the reply: often our address is on a block list (see \"our side\") or the host is overloaded.");
                smtp.command("QUIT");
                return null;
            }
            out.ok("banner " + at, "The host greets.", banner.wire());
            SmtpConversation.Reply ehlo = smtp.command("EHLO " + settings.ehloName());
            if (!ehlo.positive()) {
                out.warning("EHLO " + at, "The host refuses our EHLO " + settings.ehloName() + ".", ehlo.wire(),
                        "Check that caravan.hostname is a real name with matching forward and reverse DNS.");
                smtp.command("QUIT");
                return null;
            }
            List<String> extensions = ehlo.lines().subList(1, ehlo.lines().size());
            out.ok("EHLO " + at, "EHLO accepted; extensions: " + String.join(", ", extensions.stream().map(x -> x.split(" ")[0]).toList()) + ".",
                    ehlo.wire());
            if (extensions.stream().anyMatch(x -> x.toUpperCase(Locale.ROOT).equals("STARTTLS"))) {
                if (!startTls(out, smtp, host)) {
                    return Boolean.FALSE;
                }
            } else {
                out.warning("STARTTLS " + at, "The host does not offer STARTTLS: mail to it travels unencrypted.", "EHLO lists no STARTTLS",
                        "The remote administrator should enable STARTTLS with a certificate for " + host.host() + ".");
            }
            if (probeAddress) {
                rcpt(out, smtp, at);
            }
            smtp.command("QUIT");
            return probeAddress;
        } catch (SmtpConversation.Trouble e) {
            out.warning("SMTP " + at, "The SMTP conversation failed: " + e.getMessage() + ".", e.getMessage(),
                    "A host that greets slowly or never, or talks without end, is broken or is not a mail server; "
                            + "tell the remote administrator. Caravan's own limits are caravan.delivery.reply-timeout.");
            return null;
        }
    }

    private void connectTrouble(Findings out, String at, SmtpConversation.ConnectTrouble e) {
        switch (e.kind) {
            case REFUSED -> out.warning("connect " + at, "Connection refused: nothing listens on port " + at.substring(at.lastIndexOf(':') + 1) + ".",
                    e.getMessage(), "The remote mail server is down or not on this port; tell the remote administrator.");
            case TIMED_OUT -> out.warning("connect " + at, "The connection timed out after " + settings.connectTimeout().toSeconds()
                    + " s: probably a firewall drops the packets.", e.getMessage(),
                    "Check our outbound firewall and provider for port 25; if other destinations work, the remote firewall is at fault.");
            case UNREACHABLE -> out.warning("connect " + at, "The host is unreachable from here.", e.getMessage(),
                    "Check our routing and network (IPv6 without a route is common); if it persists, tell the remote administrator.");
        }
    }

    /** @return false when the handshake failed (the conversation cannot go on) */
    private boolean startTls(Findings out, SmtpConversation smtp, NextHopAddress host) throws SmtpConversation.Trouble {
        String step = "STARTTLS " + host;
        SmtpConversation.Reply go = smtp.command("STARTTLS");
        if (go.code() != 220) {
            out.warning(step, "The host offers STARTTLS but refuses it.", go.wire(),
                    "Caravan then sends unencrypted; the remote administrator should fix their TLS setup.");
            return true;
        }
        SSLSocket ssl;
        try {
            ssl = smtp.startTls(CertificateCheck.lookingContext(), host.host());
        } catch (SmtpConversation.Trouble e) {
            out.warning(step, "The TLS handshake failed; Caravan retries such a host without TLS.", e.getMessage(),
                    "The remote administrator should fix their TLS setup (certificate, protocols TLSv1.2 or 1.3).");
            return false;
        }
        SSLSession session = ssl.getSession();
        out.ok(step, "Encrypted with " + session.getProtocol() + ", " + session.getCipherSuite() + ".", "");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no certificate: reported by the check
        }
        certificates.check(out, "certificate " + host, host.host(), chain);
        SmtpConversation.Reply ehlo = smtp.command("EHLO " + settings.ehloName());
        if (!ehlo.positive()) {
            out.warning(step, "The host refuses EHLO after STARTTLS.", ehlo.wire(), "Tell the remote administrator.");
        }
        return true;
    }

    private void rcpt(Findings out, SmtpConversation smtp, String at) throws SmtpConversation.Trouble {
        MailAddress rcpt = destination.target.address();
        SmtpConversation.Reply mail = smtp.command("MAIL FROM:<" + settings.sender() + ">");
        if (!mail.positive()) {
            out.failure("MAIL FROM " + at, "The host refuses our sender <" + settings.sender() + ">.", mail.wire(),
                    "Read the reply: a policy or reputation problem of ours (see \"our side\": SPF, block lists, reverse DNS).");
            smtp.command("RSET");
            return;
        }
        SmtpConversation.Reply reply = smtp.command("RCPT TO:<" + rcpt + ">");
        if (reply.positive()) {
            out.ok("RCPT TO " + at, "The host accepts mail for " + rcpt + " (nothing was sent).", reply.wire());
        } else if (reply.code() >= 500) {
            out.failure("RCPT TO " + at, "The host refuses " + rcpt + " permanently: mail to it bounces.", reply.wire(),
                    io.caravan.bounce.Explanations.advice(io.caravan.mail.SmtpReply.parse(reply.wire())));
        } else {
            out.warning("RCPT TO " + at, "The host defers " + rcpt + " for now: mail waits and is retried.", reply.wire(),
                    io.caravan.bounce.Explanations.advice(io.caravan.mail.SmtpReply.parse(reply.wire())));
        }
        smtp.command("RSET");
    }
}
