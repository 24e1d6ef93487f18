// The utf-8 address type of RFC 6533 §3: xtext and unitext forms, decoding, and ORCPT values in a UTF-8 report.
package io.caravan.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Utf8AddressTypeTest {

    @Test
    void xtextEscapesEverythingBeyondAsciiAndTheXtextSpecials() {
        assertEquals("j\\x{F6}rg\\x{2B}a\\x{3D}b\\x{5C}c@b\\x{FC}cher.example", Utf8AddressType.xtext("jörg+a=b\\c@bücher.example"));
    }

    @Test
    void unitextKeepsCharactersBeyondAsciiAndEscapesOnlyTheSpecials() {
        assertEquals("jörg\\x{2B}a@bücher.example", Utf8AddressType.unitext("jörg+a@bücher.example"));
        assertEquals("\\x{1F600}", Utf8AddressType.xtext("\uD83D\uDE00"));
        assertEquals("\uD83D\uDE00", Utf8AddressType.unitext("\uD83D\uDE00"));
    }

    @Test
    void bothFormsDecodeToTheAddressAndAMalformedEscapeStaysAsWritten() {
        String address = "jörg+a@bücher.example";
        assertEquals(address, Utf8AddressType.decode(Utf8AddressType.xtext(address)));
        assertEquals(address, Utf8AddressType.decode(Utf8AddressType.unitext(address)));
        assertEquals("a\\x{ZZ}b\\x{", Utf8AddressType.decode("a\\x{ZZ}b\\x{"));
    }

    @Test
    void aUtf8OrcptIsWrittenInItsUnitextFormAndOtherTypesAsGiven() {
        assertEquals("utf-8; jörg@example.de", Utf8AddressType.originalRecipientInUtf8("UTF-8;j\\x{F6}rg@example.de"));
        assertEquals("rfc822;Bob@example.org", Utf8AddressType.originalRecipientInUtf8("rfc822;Bob@example.org"));
        assertTrue(Utf8AddressType.isInternationalOrcpt("utf-8;j\\x{F6}rg@example.de"));
        assertFalse(Utf8AddressType.isInternationalOrcpt("utf-8;joerg@example.de"));
        assertFalse(Utf8AddressType.isInternationalOrcpt(null));
    }
}
