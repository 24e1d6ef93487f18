// DeliveredLedger: recipients a next hop accepted are remembered across a kill, per copy, and the file stays small.
package io.caravan.delivery;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DeliveredLedgerTest {

    private static final MailAddress BOB = MailAddress.parse("bob@relay.test");
    private static final MailAddress CAROL = MailAddress.parse("carol@relay.test");

    @TempDir
    Path dir;

    /** A ledger of its own, for tests that do not look at it. */
    static DeliveredLedger inTempDir() {
        try {
            return new DeliveredLedger(Files.createTempDirectory("ledger").resolve("delivered.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecipientOutcome outcome(MailAddress rcpt, String reply) {
        return RecipientOutcome.remote(rcpt, SmtpReply.parse(reply), "mx.relay.test[192.0.2.7]:25");
    }

    @Test
    void recipientsAcceptedBeforeAKillAreRecalledForTheSameCopyAfterARestart() {
        Path file = dir.resolve("delivered.log");
        new DeliveredLedger(file).delivered("ID:copy-1", List.of(outcome(BOB, "250 2.0.0 Ok: queued as 7"),
                outcome(CAROL, "451 4.3.0 Later").withDsnPassedOn()));

        List<RecipientOutcome> recalled = new DeliveredLedger(file).recall("ID:copy-1", List.of(BOB, CAROL));

        assertEquals(1, recalled.size(), "only the accepted recipient: " + recalled);
        RecipientOutcome bob = recalled.get(0);
        assertEquals(BOB, bob.recipient());
        assertEquals(RecipientOutcome.Status.DELIVERED, bob.status());
        assertEquals("250 2.0.0 Ok: queued as 7", bob.reply().toString());
        assertEquals("mx.relay.test[192.0.2.7]:25", bob.host());
        assertTrue(bob.remote());
    }

    @Test
    void anotherCopyOfTheSameMessageIsNotRecalled() {
        DeliveredLedger ledger = new DeliveredLedger(dir.resolve("delivered.log"));
        ledger.delivered("ID:copy-1", List.of(outcome(BOB, "250 2.0.0 Ok")));

        assertEquals(List.of(), ledger.recall("ID:copy-2", List.of(BOB)), "a retry copy has a new id");
        assertEquals(List.of(), ledger.recall(null, List.of(BOB)), "a copy without an id (outside the broker)");
    }

    @Test
    void theDsnHandOverIsRemembered() {
        Path file = dir.resolve("delivered.log");
        new DeliveredLedger(file).delivered("ID:c", List.of(outcome(BOB, "250 2.0.0 Ok").withDsnPassedOn()));

        assertTrue(new DeliveredLedger(file).recall("ID:c", List.of(BOB)).get(0).dsnPassedOn());
    }

    @Test
    void aLineCutShortByAKillIsIgnored() throws IOException {
        Path file = dir.resolve("delivered.log");
        new DeliveredLedger(file).delivered("ID:c", List.of(outcome(BOB, "250 2.0.0 Ok")));
        Files.writeString(file, "ID:c\tcarol@relay.test\tmx", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        DeliveredLedger after = new DeliveredLedger(file);

        assertEquals(List.of(BOB), after.recall("ID:c", List.of(BOB, CAROL)).stream().map(RecipientOutcome::recipient).toList());
    }

    @Test
    void onlyTheMostRecentRecipientsAreKeptAndTheFileIsRewrittenWithThem() throws IOException {
        Path file = dir.resolve("delivered.log");
        DeliveredLedger ledger = new DeliveredLedger(file);
        for (int i = 0; i <= 2 * DeliveredLedger.REMEMBERED; i++) {
            ledger.delivered("ID:" + i, List.of(outcome(BOB, "250 2.0.0 Ok")));
        }

        assertTrue(Files.readAllLines(file).size() <= DeliveredLedger.REMEMBERED + 1, "rewritten, not growing for ever");
        DeliveredLedger after = new DeliveredLedger(file);
        assertEquals(1, after.recall("ID:" + 2 * DeliveredLedger.REMEMBERED, List.of(BOB)).size(), "the newest is kept");
        assertEquals(List.of(), after.recall("ID:0", List.of(BOB)), "the oldest is forgotten");
    }
}
