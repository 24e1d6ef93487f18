// Our side, step 3: our sending addresses on DNS block lists, after checking that each list answers properly.
package io.caravan.diagnostics.ourside;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.dns.DnsService;
import io.caravan.filter.connection.DnsList;
import io.caravan.filter.connection.ListedAnswers;
import io.caravan.mail.IpRange;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lookups and their reading are the connection filter's ({@link DnsList}): 127.255.255.0/24 is
 * the list refusing the query (Spamhaus through a public resolver, or over its limit), never a
 * listing. RFC 5782 §5 test entries first: 127.0.0.2 must be listed and 127.0.0.1 must not, or the
 * list's answers mean nothing today.
 */
public final class BlockLists implements DiagnosticCheck {

    private static final ListedAnswers ANY_LOOPBACK = ListedAnswers.parse(List.of("127.0.0.0/8"));

    private final List<String> zones;
    private final Supplier<List<InetAddress>> addresses;
    private final DnsService dns;

    public BlockLists(List<String> zones, Supplier<List<InetAddress>> addresses, DnsService dns) {
        this.zones = zones;
        this.addresses = addresses;
        this.dns = dns;
    }

    @Override
    public void run(Findings out) throws InterruptedException {
        for (String zone : zones) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            DnsList list = new DnsList(zone.strip(), ANY_LOOPBACK);
            if (healthy(out, list)) {
                for (InetAddress a : addresses.get()) {
                    lookup(out, list, a);
                }
            }
        }
    }

    private boolean healthy(Findings out, DnsList list) {
        String step = "block list " + list.zone();
        DnsList.Answer listed = list.lookup(dns, IpRange.address("127.0.0.2"));
        DnsList.Answer clean = list.lookup(dns, IpRange.address("127.0.0.1"));
        for (DnsList.Answer a : List.of(listed, clean)) {
            if (a.outcome() == DnsList.Outcome.TEMPERROR) {
                out.warning(step, "The list did not answer; our addresses could not be checked on it.", a.detail(),
                        "Check our resolvers (caravan.dns.servers); if only this list fails, remove it from caravan.diagnostics.block-lists.");
                return false;
            }
            if (a.outcome() == DnsList.Outcome.ERROR_CODE) {
                out.warning(step, "The list refused our queries (an answer in 127.255.255.0/24): its answers mean nothing from here.",
                        a.detail(), "Query it through our own resolver, not a public one (caravan.dns.servers), or register for its data feed.");
                return false;
            }
        }
        if (listed.outcome() != DnsList.Outcome.LISTED || clean.outcome() != DnsList.Outcome.NOT_LISTED) {
            out.warning(step, "The list fails its RFC 5782 self-test (127.0.0.2 must be listed, 127.0.0.1 must not): its answers cannot be trusted.",
                    listed.detail() + "\n" + clean.detail(), "Remove it from caravan.diagnostics.block-lists, or check whether the zone still exists.");
            return false;
        }
        return true;
    }

    private void lookup(Findings out, DnsList list, InetAddress address) {
        String step = "block list " + list.zone();
        DnsList.Answer a = list.lookup(dns, address);
        String ip = address.getHostAddress();
        switch (a.outcome()) {
            case LISTED -> out.failure(step, ip + " is listed on " + list.zone() + ": receivers that use it refuse our mail.",
                    list.queryName(address) + ": " + a.detail(),
                    "Find out why on the list's web site (look up " + ip + "), stop the cause (an infected client, an open relay, a compromised account), then request delisting.");
            case NOT_LISTED -> out.ok(step, ip + " is not listed on " + list.zone() + ".", a.detail());
            case ERROR_CODE -> out.warning(step, list.zone() + " refused the query for " + ip + " (not a listing).", a.detail(),
                    "Query it through our own resolver, not a public one (caravan.dns.servers).");
            case TEMPERROR -> out.warning(step, "The lookup of " + ip + " on " + list.zone() + " failed.", a.detail(), "Try again later.");
        }
    }
}
