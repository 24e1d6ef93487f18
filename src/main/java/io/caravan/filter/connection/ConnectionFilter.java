// Inspection agent at RCPT: refuses clients on an IP block list or a DNS block list, and lets allow-listed clients skip the anti-spam agents.
package io.caravan.filter.connection;

import io.caravan.check.Agents;
import io.caravan.check.AllowList;
import io.caravan.check.CheckAction;
import io.caravan.check.Inspection;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Verdict;
import io.caravan.config.Postmaster;
import io.caravan.dns.DnsService;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exchange's Connection Filtering agent, answering where Postfix's reject_rbl_client does: at RCPT, so the
 * exempt recipients (postmaster, abuse) still get a listed client's plea. The lists are asked in
 * {@link ClientLists}' order (IP allow, IP block, DNS allow, DNS block); the local lists afresh for every
 * recipient, the DNS lists once per SMTP session. A listed client gets
 * {@code 554 5.7.1 Service unavailable; client host [192.0.2.7] blocked using zen.spamhaus.org} (Postfix's
 * words) for every other recipient; a DNS failure never refuses (result temperror). A client on an allow
 * list makes the other anti-spam agents skip its mail ({@link AllowList}; at MAIL, only the IP allow list is
 * known yet). Delivered mail says what the filter found in {@code X-Caravan-Connection-Filter}.
 * Off until a list is configured (keys in {@link ConnectionFilterConfig}); in routes/20-filter.yaml, route
 * 20-filter-rcpt: {@code - process: { ref: connectionFilter }}
 */
@Singleton
@Named("connectionFilter")
public class ConnectionFilter extends InspectionAgent implements AllowList {

    static final String NAME = "connection-filter";
    /** Session attribute: the DNS lists' {@link ClientStanding}, looked up at the session's first RCPT. */
    static final String DNS_STANDING = NAME + ".dns";
    static final String FIELD = "X-Caravan-Connection-Filter";

    private final ConnectionFilterSettings settings;
    private final ClientLists lists;
    private final boolean enabled;

    /** DNS and the postmaster are looked up when first needed: a start-up error of theirs must not hide this filter's own. */
    @Inject
    public ConnectionFilter(Agents agents, ConnectionFilterConfig config, Provider<DnsService> dns, AcceptedDomains accepted,
            Provider<Postmaster> postmaster) {
        this(agents, config, dns::get, accepted, () -> postmaster.get().address(), Clock.systemUTC());
    }

    ConnectionFilter(Agents agents, ConnectionFilterConfig config, Supplier<DnsService> dns, AcceptedDomains accepted, Supplier<MailAddress> postmaster,
            Clock clock) {
        super(agents);
        this.settings = ConnectionFilterSettings.parse(config, dns, accepted, postmaster, clock);
        this.lists = settings.lists();
        this.enabled = settings.errors().isEmpty() && settings.configured();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SmtpPhase phase() {
        return SmtpPhase.RCPT;
    }

    @Override
    public boolean isAntiSpam() {
        return true;
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public List<String> configurationErrors() {
        return settings.errors();
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        ClientStanding standing = standing(inspection);
        String ip = inspection.client().getHostAddress();
        return switch (standing.kind()) {
            case ALLOWED -> Verdict.of(NAME, standing.result(), standing.reason()).withField(FIELD, "allowed by " + standing.list());
            case NONE -> Verdict.of(NAME, standing.result(), standing.reason());
            case BLOCKED -> {
                Optional<MailAddress> rcpt = inspection.recipient();
                if (rcpt.isPresent() && settings.exempt().contains(rcpt.get())) {
                    yield Verdict.of(NAME, standing.result(), standing.reason() + "; recipient " + rcpt.get() + " is exempt")
                            .withField(FIELD, "listed by " + standing.list() + ", sent to an exempt recipient");
                }
                yield Verdict.of(NAME, standing.result(), standing.reason()).withField(FIELD, "listed by " + standing.list())
                        .refuse(SmtpReply.of(554, "5.7.1", "Service unavailable; client host [" + ip + "] blocked using " + standing.list()));
            }
        };
    }

    /** The local lists afresh; the DNS lists from the session, looked up on the session's first use. */
    private ClientStanding standing(Inspection inspection) {
        Optional<ClientStanding> local = lists.local(inspection.client());
        if (local.isPresent()) {
            return local.get();
        }
        Object cached = inspection.sessionAttributes().get(DNS_STANDING);
        if (cached instanceof ClientStanding s) {
            return s;
        }
        ClientStanding looked = lists.dns(inspection.client());
        inspection.sessionAttributes().put(DNS_STANDING, looked);
        return looked;
    }

    /** On the IP allow list (configuration or file); no DNS. */
    @Override
    public Optional<String> listing(InetAddress client) {
        if (!enabled) {
            return Optional.empty();
        }
        return lists.local(client).filter(s -> s.kind() == ClientStanding.Kind.ALLOWED).map(ClientStanding::list);
    }

    /** The IP allow list, or a DNS allow list this session's client was already found on (at its first RCPT). */
    @Override
    public Optional<String> listing(Inspection inspection) {
        Optional<String> local = listing(inspection.client());
        if (local.isPresent() || !enabled) {
            return local;
        }
        return inspection.sessionAttributes().get(DNS_STANDING) instanceof ClientStanding s && s.kind() == ClientStanding.Kind.ALLOWED
                ? Optional.of(s.list()) : Optional.empty();
    }
}
