// One DNS block or allow list provider (RFC 5782): its zone, which answers mean "listed", and the lookup of a client in it.
package io.caravan.filter.connection;

import io.caravan.dns.DnsAnswer;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A client 192.0.2.99 is looked up as {@code 99.2.0.192.<zone>} A, an IPv6 client as its 32 nibbles
 * reversed (RFC 5782 §2.4). NXDOMAIN means not listed; an answer in {@link ListedAnswers} means listed;
 * a provider error code (127.255.255.x) or any other answer is not a listing; a DNS failure or timeout
 * is a temporary error, and never refuses mail.
 */
public record DnsList(String zone, ListedAnswers listed) {

    /** What the list said about one client. */
    public enum Outcome { LISTED, NOT_LISTED, ERROR_CODE, TEMPERROR }

    /**
     * @param answers the A records returned (empty for NXDOMAIN and failures)
     * @param detail  for people: the listing or the failure
     */
    public record Answer(DnsList list, Outcome outcome, List<InetAddress> answers, String detail) {
    }

    /** Looks the client up; never throws for DNS trouble. */
    public Answer lookup(DnsService dns, InetAddress client) {
        String name = queryName(client);
        try {
            return interpret(dns.query(name, Type.A));
        } catch (DnsTemporaryFailure e) {
            return new Answer(this, Outcome.TEMPERROR, List.of(), e.getMessage());
        }
    }

    /** What an answer to the query means. */
    public Answer interpret(DnsAnswer answer) {
        List<InetAddress> addresses = new ArrayList<>();
        for (Record r : answer.records()) {
            addresses.add(((ARecord) r).getAddress());
        }
        List<String> texts = addresses.stream().map(InetAddress::getHostAddress).toList();
        if (addresses.stream().anyMatch(listed::lists)) {
            return new Answer(this, Outcome.LISTED, addresses, zone + " answered " + String.join(", ", texts));
        }
        if (addresses.stream().anyMatch(ListedAnswers::isErrorCode)) {
            return new Answer(this, Outcome.ERROR_CODE, addresses, zone + " answered " + String.join(", ", texts)
                    + ", an error code of the list (not a listing): is the list being queried through a public resolver"
                    + " or over its limit?");
        }
        String why = answer.isNxdomain() || addresses.isEmpty() ? "no entry" : "answers outside " + listed + ": " + String.join(", ", texts);
        return new Answer(this, Outcome.NOT_LISTED, addresses, zone + ": " + why);
    }

    /** {@code 4.3.2.1.zone} for 1.2.3.4; the nibbles of an IPv6 address, least significant first. */
    public String queryName(InetAddress client) {
        byte[] b = client.getAddress();
        StringBuilder name = new StringBuilder();
        for (int i = b.length - 1; i >= 0; i--) {
            if (client instanceof Inet4Address) {
                name.append(b[i] & 0xff).append('.');
            } else {
                name.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
            }
        }
        return name.append(zone).toString();
    }
}
