// RCPT TO:<Postmaster> without a domain reaches the one configured postmaster address.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.MailAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpSessionPostmasterTest {

    @Test
    void rcptToPostmasterWithoutADomainIsTheConnectorsPostmasterAddress() {
        MailAddress postmaster = new MailAddress("hostmaster", "example.org");
        TestSession s = TestSession.withPostmaster(postmaster);
        s.feed("EHLO client.test\r\nMAIL FROM:<a@origin.test>\r\nRCPT TO:<POSTMASTER>\r\n");
        assertEquals(List.of("250 2.1.0 Ok", "250 2.1.5 Ok"), s.replies.subList(s.replies.size() - 2, s.replies.size()));
        assertEquals(List.of(postmaster), s.session.transaction().recipients());
    }
}
