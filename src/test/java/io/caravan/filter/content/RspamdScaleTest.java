// rspamd's score and action mapped onto SCL 0-9: scaled against the reject score, kept inside the action's band.
package io.caravan.filter.content;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RspamdScaleTest {

    @Test
    void rejectIsAlwaysScl9() {
        assertEquals(9, RspamdScale.scl(15, 15, "reject"));
        assertEquals(9, RspamdScale.scl(0, 15, "reject"), "GTUBE: score 0 symbols, action reject");
    }

    @Test
    void noActionStaysBelowTheTagThreshold() {
        assertEquals(0, RspamdScale.scl(-2, 15, "no action"));
        assertEquals(1, RspamdScale.scl(0.9, 15, "no action"));
        assertEquals(4, RspamdScale.scl(14, 15, "no action"), "rspamd did not act: never tagged by the default threshold 5");
    }

    @Test
    void addHeaderAndRewriteSubjectAreAlwaysTaggableAndNeverScl9() {
        assertEquals(5, RspamdScale.scl(6, 15, "add header"), "scaled 4, raised to the band");
        assertEquals(5, RspamdScale.scl(7.9, 15, "add header"));
        assertEquals(7, RspamdScale.scl(12, 15, "rewrite subject"));
        assertEquals(8, RspamdScale.scl(40, 15, "add header"), "only rspamd's reject is SCL 9");
    }

    @Test
    void greylistIsThreeOrFour() {
        assertEquals(3, RspamdScale.scl(4.5, 15, "greylist"));
        assertEquals(4, RspamdScale.scl(6, 15, "greylist"));
    }

    @Test
    void theScaleFollowsAnAdministratorsOwnRejectScore() {
        assertEquals(5, RspamdScale.scl(5, 10, "add header"));
        assertEquals(7, RspamdScale.scl(8, 10, "add header"));
    }

    @Test
    void anUnknownOrSoftRejectActionIsTheScaledScoreBelow9() {
        assertEquals(3, RspamdScale.scl(5, 15, "soft reject"));
        assertEquals(8, RspamdScale.scl(30, 15, "custom action"));
        assertEquals(3, RspamdScale.scl(5, 0, "custom action"), "no reject score: rspamd's default, 15");
    }
}
