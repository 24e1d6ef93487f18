package io.caravan.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagListTest {

    @Test
    void readsTagsInOrderTrimmingWhitespaceAroundValues() {
        Map<String, String> tags = TagList.parse(" v=1;  a = rsa-sha256 ;\tb=ab cd ; ");
        assertEquals(List.of("v", "a", "b"), List.copyOf(tags.keySet()));
        assertEquals("rsa-sha256", tags.get("a"));
        assertEquals("ab cd", tags.get("b"));
        assertEquals("abcd", TagList.compact(tags.get("b")));
    }

    @Test
    void refusesATagGivenTwiceASegmentWithoutEqualsAndABadName() {
        assertThrows(IllegalArgumentException.class, () -> TagList.parse("v=1; v=1"));
        assertThrows(IllegalArgumentException.class, () -> TagList.parse("v=1; junk"));
        assertThrows(IllegalArgumentException.class, () -> TagList.parse("1v=1"));
    }

    @Test
    void anEmptyValueIsAllowed() {
        assertEquals("", TagList.parse("v=DKIM1; p=").get("p"));
    }
}
