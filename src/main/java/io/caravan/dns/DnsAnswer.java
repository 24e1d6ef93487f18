// The outcome of one DNS query: its response code and the answer records of the type asked.
package io.caravan.dns;

import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

import java.util.List;

/** Only NOERROR and NXDOMAIN become answers; every other outcome is a {@link DnsTemporaryFailure}. */
public record DnsAnswer(int rcode, List<Record> records) {

    public DnsAnswer {
        records = List.copyOf(records);
    }

    static DnsAnswer nxdomain() {
        return new DnsAnswer(Rcode.NXDOMAIN, List.of());
    }

    /** The name does not exist: a permanent answer, unlike a failure to get one. */
    public boolean isNxdomain() {
        return rcode == Rcode.NXDOMAIN;
    }
}
