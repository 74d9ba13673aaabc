package io.sluice.common.position;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MariaDbGtidPositionTest {

    @Test
    void parsesAndPrintsDomainsInAscendingOrder() {
        MariaDbGtidPosition position = MariaDbGtidPosition.parse("2-1-5, 0-1-17,1-3-9");
        assertEquals("0-1-17,1-3-9,2-1-5", position.toString());
        assertEquals(List.of(new MariaDbGtid(0, 1, 17), new MariaDbGtid(1, 3, 9), new MariaDbGtid(2, 1, 5)),
                position.gtids());
    }

    @Test
    void blankTextIsTheEmptyPosition() {
        assertTrue(MariaDbGtidPosition.parse("").isEmpty());
        assertEquals("", MariaDbGtidPosition.EMPTY.toString());
    }

    @Test
    void advanceReplacesTheDomainsGtidOrAddsTheDomain() {
        MariaDbGtidPosition position = MariaDbGtidPosition.parse("0-1-17,1-3-9");
        assertEquals("0-1-18,1-3-9", position.advance(new MariaDbGtid(0, 1, 18)).toString());
        assertEquals("0-1-17,1-3-9,5-2-1", position.advance(new MariaDbGtid(5, 2, 1)).toString());
        assertEquals("0-2-20,1-3-9", position.advance(new MariaDbGtid(0, 2, 20)).toString());
        assertEquals("0-1-17,1-3-9", position.toString(), "the original is unchanged");
        assertEquals(Optional.of(new MariaDbGtid(1, 3, 9)), position.forDomain(1));
        assertEquals(Optional.empty(), position.forDomain(7));
    }

    @Test
    void sequenceIsUnsigned64Bit() {
        MariaDbGtid max = MariaDbGtid.parse("0-1-18446744073709551615");
        assertEquals(-1L, max.sequence());
        assertEquals("0-1-18446744073709551615", max.toString());
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertMessageContains("domain 0 appears twice", () -> MariaDbGtidPosition.parse("0-1-5,0-2-6"));
        assertMessageContains("got '0-1'", () -> MariaDbGtid.parse("0-1"));
        assertMessageContains("got '0-x-1'", () -> MariaDbGtid.parse("0-x-1"));
        assertMessageContains("domain id must be in 0..4294967295, got 4294967296",
                () -> MariaDbGtid.parse("4294967296-1-1"));
        assertMessageContains("server id must be in 0..4294967295, got -1", () -> new MariaDbGtid(0, -1, 1));
        assertMessageContains("empty GTID between commas", () -> MariaDbGtidPosition.parse("0-1-1,,1-1-1"));
    }

    private static void assertMessageContains(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
