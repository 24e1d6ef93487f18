// Our side, step 2: each sending address has a PTR name, that name resolves back to it, and it is the name we say in EHLO.
package io.caravan.diagnostics.ourside;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Large receivers (Gmail, Microsoft) refuse or junk mail from an address without forward-confirmed reverse DNS. */
public final class ReverseDns implements DiagnosticCheck {

    private final Supplier<List<InetAddress>> addresses;
    private final DnsService dns;
    private final String ehloName;

    public ReverseDns(Supplier<List<InetAddress>> addresses, DnsService dns, String ehloName) {
        this.addresses = addresses;
        this.dns = dns;
        this.ehloName = ehloName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void run(Findings out) {
        for (InetAddress address : addresses.get()) {
            check(out, address);
        }
    }

    private void check(Findings out, InetAddress address) {
        String ip = address.getHostAddress();
        String step = "reverse DNS " + ip;
        List<String> names;
        try {
            names = dns.ptr(address);
        } catch (DnsTemporaryFailure e) {
            out.warning(step, "The reverse lookup of " + ip + " failed.", e.getMessage(), "Try again; if it persists, ask whoever runs the reverse zone (usually the provider).");
            return;
        }
        if (names.isEmpty()) {
            out.failure(step, ip + " has no reverse DNS (PTR) name: many receivers refuse such mail.", "PTR " + ip + ": none",
                    "Ask the owner of the address (usually the provider) to set its PTR to " + ehloName + ".");
            return;
        }
        String name = names.get(0).toLowerCase(Locale.ROOT);
        boolean confirmed;
        try {
            confirmed = dns.addresses(name).contains(address);
        } catch (DnsTemporaryFailure e) {
            out.warning(step, "The forward lookup of " + name + " failed.", e.getMessage(), "Try again; if it persists, check the zone of " + name + ".");
            return;
        }
        if (!confirmed) {
            out.failure(step, ip + " has the PTR name " + name + ", but " + name + " does not resolve back to " + ip + ".",
                    "PTR " + ip + ": " + String.join(", ", names), "Publish an A/AAAA record " + name + " -> " + ip + ", or change the PTR.");
        } else if (!name.equals(ehloName)) {
            out.warning(step, ip + " is " + name + " in reverse DNS, but Caravan says EHLO " + ehloName + ".",
                    "PTR " + ip + ": " + name, "Set caravan.hostname to " + name + ", or the PTR of " + ip + " to " + ehloName + ".");
        } else {
            out.ok(step, ip + " is " + name + " both ways, the name Caravan says in EHLO.", "PTR " + ip + ": " + name);
        }
    }
}
