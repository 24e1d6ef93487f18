package io.caravan.receive.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathArgumentTest {

    @Test
    void pathWithoutParameters() {
        PathArgument p = PathArgument.parse("FROM:<a@b.example>", "FROM:");

        assertNotNull(p);
        assertEquals("<a@b.example>", p.path());
        assertEquals(Map.of(), p.parameters());
    }

    @Test
    void spaceAfterTheColonIsTolerated() {
        PathArgument p = PathArgument.parse("FROM: <a@b.example>", "FROM:");

        assertNotNull(p);
        assertEquals("<a@b.example>", p.path());
    }

    @Test
    void prefixIsMatchedCaseInsensitively() {
        PathArgument p = PathArgument.parse("to:<a@b.example>", "TO:");

        assertNotNull(p);
        assertEquals("<a@b.example>", p.path());
    }

    @Test
    void nullSenderPathIsKept() {
        assertEquals("<>", PathArgument.parse("FROM:<> SIZE=10", "FROM:").path());
    }

    @Test
    void parametersAreParsedWithUpperCasedKeysAndValuesKeptAsGiven() {
        PathArgument p = PathArgument.parse("FROM:<a@b.example>  size=1000 Body=8BITMIME smtputf8", "FROM:");

        assertNotNull(p);
        assertEquals(Map.of("SIZE", "1000", "BODY", "8BITMIME", "SMTPUTF8", ""), p.parameters());
        assertEquals(List.of("SIZE", "BODY", "SMTPUTF8"), List.copyOf(p.parameters().keySet()), "declaration order");
    }

    @Test
    void valueMayContainEqualsSigns() {
        PathArgument p = PathArgument.parse("FROM:<a@b.example> AUTH=x=y", "FROM:");

        assertEquals("x=y", p.parameters().get("AUTH"));
    }

    @Test
    void duplicateParameterIsRefusedWhateverItsCase() {
        assertNull(PathArgument.parse("FROM:<a@b.example> SIZE=1 size=2", "FROM:"));
        assertNull(PathArgument.parse("TO:<a@b.example> NOTIFY=NEVER NOTIFY=NEVER", "TO:"));
    }

    @Test
    void theRepeatedParameterIsNamed() {
        assertEquals("RET", PathArgument.repeatedParameter("FROM:<a@b.example> RET=FULL ret=HDRS", "FROM:"));
        assertEquals("NOTIFY", PathArgument.repeatedParameter("TO:<a@b.example> NOTIFY=NEVER NOTIFY=SUCCESS", "TO:"));
        assertNull(PathArgument.repeatedParameter("FROM:<a@b.example> RET=FULL ENVID=x", "FROM:"));
        assertNull(PathArgument.repeatedParameter("FROM:a@b.example", "FROM:"));
    }

    @Test
    void parameterWithoutKeyIsRefused() {
        assertNull(PathArgument.parse("FROM:<a@b.example> =1", "FROM:"));
    }

    @Test
    void missingBracketsAreRefused() {
        assertNull(PathArgument.parse("FROM:a@b.example", "FROM:"));
        assertNull(PathArgument.parse("FROM: a@b.example SIZE=1", "FROM:"));
        assertNull(PathArgument.parse("FROM:<a@b.example", "FROM:"));
    }

    @Test
    void wrongOrMissingPrefixIsRefused() {
        assertNull(PathArgument.parse("TO:<a@b.example>", "FROM:"));
        assertNull(PathArgument.parse("FROM<a@b.example>", "FROM:"));
        assertNull(PathArgument.parse("FRO", "FROM:"));
        assertNull(PathArgument.parse("", "FROM:"));
    }

    @Test
    void closingBracketInsideAQuotedLocalPartDoesNotEndThePath() {
        PathArgument p = PathArgument.parse("TO:<\"a>b\"@c.example> NOTIFY=NEVER", "TO:");

        assertNotNull(p);
        assertEquals("<\"a>b\"@c.example>", p.path());
        assertEquals(Map.of("NOTIFY", "NEVER"), p.parameters());
    }

    @Test
    void escapedQuoteInsideAQuotedLocalPartKeepsTheQuoteOpen() {
        PathArgument p = PathArgument.parse("TO:<\"a\\\">b\"@c.example>", "TO:");

        assertNotNull(p);
        assertEquals("<\"a\\\">b\"@c.example>", p.path());
    }

    @Test
    void unterminatedQuoteLeavesThePathUnclosed() {
        assertNull(PathArgument.parse("TO:<\"a>@c.example>", "TO:"));
    }
}
