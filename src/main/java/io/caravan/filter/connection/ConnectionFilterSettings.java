// The connection filter's keys parsed once at start-up: its lists, its exempt recipients, and every key that is wrong.
package io.caravan.filter.connection;

import io.caravan.config.ReloadingFile;
import io.caravan.dns.DnsService;
import io.caravan.mail.Domains;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A setting that does not parse becomes a start-up error naming its key ("caravan.checks.connection-filter.block:
 * entry 2: ..."), and the filter stays off rather than run with half its lists.
 *
 * @param configured whether any list is configured at all (else the filter has nothing to do)
 */
record ConnectionFilterSettings(ClientLists lists, ExemptRecipients exempt, List<String> errors, boolean configured) {

    static final String KEY = "caravan.checks.connection-filter";

    static ConnectionFilterSettings parse(ConnectionFilterConfig config, Supplier<DnsService> dns, AcceptedDomains accepted,
            Supplier<MailAddress> postmaster, Clock clock) {
        List<String> errors = new ArrayList<>();
        ClientLists.Local allow = new ClientLists.Local(
                parsed(errors, KEY + ".allow", () -> IpList.parseEntries(config.allow().orElse(List.of())), IpList.EMPTY),
                file(errors, KEY + ".allow-file", config.allowFile(), config));
        ClientLists.Local block = new ClientLists.Local(
                parsed(errors, KEY + ".block", () -> IpList.parseEntries(config.block().orElse(List.of())), IpList.EMPTY),
                file(errors, KEY + ".block-file", config.blockFile(), config));
        List<DnsList> dnsAllow = dnsLists(errors, KEY + ".dns-allow-lists", config.dnsAllowLists());
        List<DnsList> dnsBlock = dnsLists(errors, KEY + ".dns-block-lists", config.dnsBlockLists());
        ExemptRecipients exempt = parsed(errors, KEY + ".exempt-recipients",
                () -> ExemptRecipients.parse(config.exemptRecipients(), postmaster, accepted), ExemptRecipients.parse(List.of(), postmaster, accepted));
        boolean configured = config.allow().isPresent() || config.block().isPresent() || config.allowFile().isPresent()
                || config.blockFile().isPresent() || !dnsAllow.isEmpty() || !dnsBlock.isEmpty();
        return new ConnectionFilterSettings(new ClientLists(allow, block, dnsAllow, dnsBlock, dns, clock), exempt, List.copyOf(errors), configured);
    }

    private static ReloadingFile<IpList> file(List<String> errors, String key, Optional<String> file, ConnectionFilterConfig config) {
        return file.map(f -> parsed(errors, key, () -> ReloadingFile.load(Path.of(f), config.reloadEvery(), IpList::parseFile), null))
                .orElse(null);
    }

    private static List<DnsList> dnsLists(List<String> errors, String key, Optional<List<ConnectionFilterConfig.DnsListSetting>> settings) {
        List<DnsList> out = new ArrayList<>();
        List<ConnectionFilterConfig.DnsListSetting> configured = settings.orElse(List.of());
        for (int i = 0; i < configured.size(); i++) {
            ConnectionFilterConfig.DnsListSetting s = configured.get(i);
            String entry = key + "[" + i + "]";
            String zone = Domains.normalize(s.zone());
            if (!zone.matches("[a-z0-9_]([a-z0-9_.-]*[a-z0-9])?") || zone.contains("..")) {
                errors.add(entry + ".zone: '" + s.zone() + "' is not a DNS zone");
                continue;
            }
            out.add(new DnsList(zone, parsed(errors, entry + ".listed-answers",
                    () -> s.listedAnswers().map(ListedAnswers::parse).orElse(ListedAnswers.DEFAULT), ListedAnswers.DEFAULT)));
        }
        return List.copyOf(out);
    }

    private static <T> T parsed(List<String> errors, String key, Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            errors.add(key + ": " + e.getMessage());
            return fallback;
        }
    }
}
