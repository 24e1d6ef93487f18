// The connection filter's lists together, asked in Exchange's order: IP allow, IP block, DNS allow lists, DNS block lists.
package io.caravan.filter.connection;

import io.caravan.config.ReloadingFile;
import io.caravan.dns.DnsService;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The first list that names the client decides; DNS is asked only when no local list did, one list
 * after another, stopping at the first listing. A list that fails to answer is noted and skipped:
 * a DNS failure never blocks a client (and never allows one either).
 */
final class ClientLists {

    static final String LOCAL_ALLOW = "local allow list";
    static final String LOCAL_BLOCK = "local block list";

    /** A list in the configuration and perhaps one in a file, read again when it changes. */
    record Local(IpList configured, ReloadingFile<IpList> file) {
        Optional<String> match(InetAddress client, Clock clock) {
            Optional<IpList.Entry> e = configured.match(client, clock.instant());
            if (e.isPresent()) {
                return Optional.of(e.get().range() + " in the configuration");
            }
            return file == null ? Optional.empty()
                    : file.current().match(client, clock.instant()).map(hit -> hit.range() + " in " + file.file());
        }
    }

    private final Local allow;
    private final Local block;
    private final List<DnsList> dnsAllow;
    private final List<DnsList> dnsBlock;
    private final Supplier<DnsService> dns;
    private final Clock clock;

    ClientLists(Local allow, Local block, List<DnsList> dnsAllow, List<DnsList> dnsBlock, Supplier<DnsService> dns, Clock clock) {
        this.allow = allow;
        this.block = block;
        this.dnsAllow = List.copyOf(dnsAllow);
        this.dnsBlock = List.copyOf(dnsBlock);
        this.dns = dns;
        this.clock = clock;
    }

    /** Asks the lists in order; may wait for DNS, so never on an event loop. */
    ClientStanding standing(InetAddress client) {
        return local(client).orElseGet(() -> dns(client));
    }

    /** What the local lists (configuration and files) say: cheap, so asked afresh each time. */
    Optional<ClientStanding> local(InetAddress client) {
        String ip = client.getHostAddress();
        Optional<String> hit = allow.match(client, clock);
        if (hit.isPresent()) {
            return Optional.of(new ClientStanding(ClientStanding.Kind.ALLOWED, LOCAL_ALLOW, ip + " is on the " + LOCAL_ALLOW + " (" + hit.get() + ")", List.of()));
        }
        hit = block.match(client, clock);
        if (hit.isPresent()) {
            return Optional.of(new ClientStanding(ClientStanding.Kind.BLOCKED, LOCAL_BLOCK, ip + " is on the " + LOCAL_BLOCK + " (" + hit.get() + ")", List.of()));
        }
        return Optional.empty();
    }

    /** What the DNS allow and block lists say: lookups, so asked once per SMTP session. */
    ClientStanding dns(InetAddress client) {
        String ip = client.getHostAddress();
        List<DnsList.Answer> problems = new ArrayList<>();
        for (DnsList list : dnsAllow) {
            DnsList.Answer a = list.lookup(dns.get(), client);
            if (a.outcome() == DnsList.Outcome.LISTED) {
                return new ClientStanding(ClientStanding.Kind.ALLOWED, list.zone(), ip + " is on DNS allow list " + a.detail(), problems);
            }
            noteProblem(a, problems);
        }
        for (DnsList list : dnsBlock) {
            DnsList.Answer a = list.lookup(dns.get(), client);
            if (a.outcome() == DnsList.Outcome.LISTED) {
                return new ClientStanding(ClientStanding.Kind.BLOCKED, list.zone(), ip + " is on DNS block list " + a.detail(), problems);
            }
            noteProblem(a, problems);
        }
        String reason = problems.isEmpty() ? ip + " is on no list"
                : ip + " is on no list that answered; " + String.join("; ", problems.stream().map(DnsList.Answer::detail).toList());
        return new ClientStanding(ClientStanding.Kind.NONE, "", reason, problems);
    }

    private static void noteProblem(DnsList.Answer a, List<DnsList.Answer> problems) {
        if (a.outcome() == DnsList.Outcome.TEMPERROR || a.outcome() == DnsList.Outcome.ERROR_CODE) {
            problems.add(a);
        }
    }
}
