// Sign stage: DKIM-signs our own outgoing mail (authenticated users, relay ranges) for configured From domains.
package io.caravan.signing;

import io.caravan.mail.FromHeader;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.Domains;
import io.caravan.mail.RawMessage;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Exchange's OnRoutedMessage moment: once per message, before the split per next hop, so every copy
 * carries the same signature. Only mail our own clients submitted is signed; mail from the internet
 * that merely claims one of our From domains is not (signing it would vouch for a forgery). The
 * signature is prepended; nothing else changes, so it verifies at the receiver. In
 * routes/30-categorize.yaml: {@code - bean: { ref: dkimSigning, method: sign }}
 */
@Singleton
@Named("dkimSigning")
public class DkimSigning {

    private static final Logger LOG = Logger.getLogger(DkimSigning.class);

    private final DkimKeyring keyring;
    private final DkimSigner signer = new DkimSigner();

    public DkimSigning(DkimKeyring keyring) {
        this.keyring = keyring;
    }

    public void sign(Exchange exchange) {
        if (!ClientTrust.of(exchange.getIn().getHeader(CaravanHeaders.CLIENT_TRUST)).isOwnMail()) {
            return;
        }
        RawMessage message = exchange.getIn().getBody(RawMessage.class);
        Optional<String> from = FromHeader.domain(message.head());
        List<SigningKey> keys = from.map(d -> keyring.keysFor(Domains.ascii(d))).orElse(List.of());
        if (keys.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        ByteArrayOutputStream fields = new ByteArrayOutputStream(1024 * keys.size());
        for (SigningKey key : keys) {
            fields.writeBytes(signer.signatureField(message, key, now)); // each signs the message as received
        }
        exchange.getIn().setBody(message.prepend(fields.toByteArray()));
        LOG.debugf("Queue id %s signed for %s", exchange.getIn().getHeader(CaravanHeaders.QUEUE_ID), from.get());
    }
}
