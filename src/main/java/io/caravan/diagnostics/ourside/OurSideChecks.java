// Point 2 of the checklist, in order: our sending addresses, their reverse DNS, block lists, our domains' MX, SPF, DKIM and DMARC.
package io.caravan.diagnostics.ourside;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.dns.DnsService;
import io.caravan.signing.OwnDnsCheck;

import java.util.List;
import java.util.Optional;

public final class OurSideChecks {

    public static final String SECTION = "our side";

    private OurSideChecks() {
    }

    public static Diagnosis add(Diagnosis diagnosis, List<String> sendingAddresses, List<String> blockLists, List<String> domains,
            DnsService dns, String hostname, Optional<OwnDnsCheck> dkim) {
        SendingAddresses addresses = new SendingAddresses(sendingAddresses);
        return diagnosis
                .add(SECTION, "sending addresses", addresses)
                .add(SECTION, "reverse DNS", new ReverseDns(addresses::addresses, dns, hostname))
                .add(SECTION, "block lists", new BlockLists(blockLists, addresses::addresses, dns))
                .add(SECTION, "our domains", new DomainDns(domains, addresses::addresses, dns, hostname, dkim));
    }
}
