// Does a recipient exist? Asked of the recipients file and of the Maildir connectors' mailboxes, for accepted domains only.
package io.caravan.filter.recipient;

import io.caravan.config.ReloadingFile;
import io.caravan.delivery.MaildirDelivery;
import io.caravan.mail.AddressKey;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.SendConnector;
import io.caravan.routing.SendConnectors;

import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exchange's recipient validation against its directory. A recipient outside the accepted domains is
 * not ours to judge ({@link Known#UNCHECKED}: relay control decides). In an accepted domain, a source
 * judges only the domains it holds: the file those it names, the Maildir check those a maildir send
 * connector delivers (a mailbox exists when its directory {@code <maildir>/<domain>/<local-part>} does,
 * made by an administrator or by an earlier delivery). Known to either source is known; a domain no
 * source holds is unchecked. The postmaster address (caravan.postmaster) always exists.
 */
public final class RecipientDirectory {

    /** What the directory says about one recipient. */
    public enum Known { KNOWN, UNKNOWN, UNCHECKED }

    private final AcceptedDomains accepted;
    private final ReloadingFile<RecipientList> file;
    private final Supplier<SendConnectors> maildirs;
    private final Supplier<MailAddress> postmaster;

    /**
     * @param file     the recipients file, or null
     * @param maildirs the send connectors whose Maildirs are looked in, or null for no Maildir check
     */
    public RecipientDirectory(AcceptedDomains accepted, ReloadingFile<RecipientList> file, Supplier<SendConnectors> maildirs,
            Supplier<MailAddress> postmaster) {
        this.accepted = accepted;
        this.file = file;
        this.maildirs = maildirs;
        this.postmaster = postmaster;
    }

    /** Whether any source is configured at all. */
    public boolean hasSources() {
        return file != null || maildirs != null;
    }

    public Known lookup(MailAddress recipient) {
        String domain = recipient.domainKey();
        if (AddressKey.of(recipient).equals(AddressKey.of(postmaster.get()))) {
            return Known.KNOWN;
        }
        if (!accepted.contains(domain)) {
            return Known.UNCHECKED;
        }
        boolean judged = false;
        if (file != null) {
            RecipientList list = file.current();
            if (list.covers(domain)) {
                judged = true;
                if (list.knows(recipient)) {
                    return Known.KNOWN;
                }
            }
        }
        Optional<SendConnector> maildir = maildirs == null ? Optional.empty()
                : maildirs.get().select(domain).filter(c -> c.kind() == SendConnector.Kind.MAILDIR);
        if (maildir.isPresent()) {
            judged = true;
            if (Files.isDirectory(MaildirDelivery.mailbox(maildir.get().maildir(), recipient))) {
                return Known.KNOWN;
            }
        }
        return judged ? Known.UNKNOWN : Known.UNCHECKED;
    }
}
