package io.sluice.common.position;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MysqlGtidSetTest {

    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "4e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final UUID UUID_A = UUID.fromString(A);

    @Test
    void parsesAndPrintsCanonicalForm() {
        MysqlGtidSet set = MysqlGtidSet.parse(B + ":1-3," + A.toUpperCase() + ":7:1-5");
        assertEquals(A + ":1-5:7," + B + ":1-3", set.toString());
    }

    @Test
    void mergesOverlappingAndAdjacentIntervals() {
        assertEquals(A + ":1-10", MysqlGtidSet.parse(A + ":1-3:4-6:5-10").toString());
        assertEquals(A + ":1-10", MysqlGtidSet.parse(A + ":1-3," + A + ":4-10").toString());
        assertEquals(A + ":1-3:5", MysqlGtidSet.parse(A + ":5:1-3").toString());
    }

    @Test
    void acceptsMysqlMultiLineOutputAndEmptyText() {
        assertEquals(A + ":1-5," + B + ":1", MysqlGtidSet.parse(A + ":1-5,\n" + B + ":1").toString());
        assertTrue(MysqlGtidSet.parse("").isEmpty());
        assertTrue(MysqlGtidSet.parse(" \n").isEmpty());
        assertEquals("", MysqlGtidSet.EMPTY.toString());
    }

    @Test
    void tagsApplyToTheIntervalsAfterThemAndPrintAfterUntaggedOnes() {
        MysqlGtidSet set = MysqlGtidSet.parse(A + ":Zz:3:1-2:aa:1," + A + ":1-5");
        assertEquals(A + ":1-5:aa:1:zz:1-3", set.toString());
        assertTrue(set.hasTags());
        assertTrue(set.contains(new MysqlGtidSet.Source(UUID_A, "ZZ"), 2));
        assertFalse(set.contains(new MysqlGtidSet.Source(UUID_A, "aa"), 2));
        assertTrue(set.contains(MysqlGtidSet.Source.untagged(UUID_A), 5));
    }

    @Test
    void addExtendsAnIntervalOrStartsANewOne() {
        MysqlGtidSet set = MysqlGtidSet.parse(A + ":1-5");
        assertEquals(A + ":1-6", set.add(UUID_A, 6).toString());
        assertEquals(A + ":1-5:8", set.add(UUID_A, 8).toString());
        assertEquals(A + ":1-5", set.add(UUID_A, 3).toString());
        assertEquals(A + ":1-9", set.add(UUID_A, 8).add(UUID_A, 7).add(UUID_A, 6).add(UUID_A, 9).toString());
        assertEquals(A + ":1", MysqlGtidSet.of(MysqlGtidSet.Source.untagged(UUID_A), 1).toString());
    }

    @Test
    void containsUsesEveryInterval() {
        MysqlGtidSet set = MysqlGtidSet.parse(A + ":1-3:10-20:30");
        for (long n : new long[] {1, 3, 10, 15, 20, 30}) {
            assertTrue(set.contains(MysqlGtidSet.Source.untagged(UUID_A), n), "contains " + n);
        }
        for (long n : new long[] {4, 9, 21, 29, 31}) {
            assertFalse(set.contains(MysqlGtidSet.Source.untagged(UUID_A), n), "does not contain " + n);
        }
        assertFalse(set.contains(MysqlGtidSet.Source.untagged(UUID.fromString(B)), 1));
    }

    @Test
    void unionAndContainsAll() {
        MysqlGtidSet x = MysqlGtidSet.parse(A + ":1-3," + B + ":5");
        MysqlGtidSet y = MysqlGtidSet.parse(A + ":4-6:9");
        MysqlGtidSet both = x.union(y);
        assertEquals(A + ":1-6:9," + B + ":5", both.toString());
        assertTrue(both.containsAll(x));
        assertTrue(both.containsAll(y));
        assertFalse(x.containsAll(both));
        assertEquals(both, y.union(x));
        assertNotEquals(x, y);
    }

    @Test
    void rejectsBadTextNamingThePart() {
        assertMessageContains("'nope' is not a server UUID", () -> MysqlGtidSet.parse("nope:1-3"));
        assertMessageContains("has no intervals", () -> MysqlGtidSet.parse(A));
        assertMessageContains("1 <= start <= end", () -> MysqlGtidSet.parse(A + ":0-3"));
        assertMessageContains("got 5-3", () -> MysqlGtidSet.parse(A + ":5-3"));
        assertMessageContains("'1-x' is not a GTID interval", () -> MysqlGtidSet.parse(A + ":1-x"));
        assertMessageContains("tag 'aa' has no intervals", () -> MysqlGtidSet.parse(A + ":aa:bb:1"));
        assertMessageContains("tag 'aa' has no intervals", () -> MysqlGtidSet.parse(A + ":1:aa"));
        assertMessageContains("got 'a-b'", () -> MysqlGtidSet.parse(A + ":a-b:1"));
        assertMessageContains("empty source between commas", () -> MysqlGtidSet.parse(A + ":1,," + B + ":1"));
        assertMessageContains("got '" + "a".repeat(33) + "'",
                () -> new MysqlGtidSet.Source(UUID_A, "a".repeat(33)));
    }

    @Test
    void encodesTheClassicFormatWithoutTags() {
        byte[] encoded = MysqlGtidSet.parse(A + ":1-5:7").encode();
        String expected = ""
                + "0100000000000000"                   // one source
                + "3e11fa4771ca11e19e33c80aa9429562"   // its UUID, 16 bytes in text order
                + "0200000000000000"                   // two intervals
                + "0100000000000000" + "0600000000000000"  // [1, 6)
                + "0700000000000000" + "0800000000000000"; // [7, 8)
        assertEquals(expected, HexFormat.of().formatHex(encoded));
    }

    @Test
    void encodesTheEmptySetAsAZeroCount() {
        assertArrayEquals(new byte[8], MysqlGtidSet.EMPTY.encode());
    }

    @Test
    void encodesTheTaggedFormatWhenAnySourceHasATag() {
        byte[] encoded = MysqlGtidSet.parse(A + ":1-2:ab:3").encode();
        String expected = ""
                + "01" + "020000000000" + "01"         // format 1, two sources (count << 8), format 1 in the top byte
                + "3e11fa4771ca11e19e33c80aa9429562"   // untagged source
                + "00"                                 // tag length 0 (varlen: 0 << 1)
                + "0100000000000000"                   // one interval
                + "0100000000000000" + "0300000000000000"  // [1, 3)
                + "3e11fa4771ca11e19e33c80aa9429562"   // same UUID, tag "ab"
                + "04" + "6162"                        // tag length 2 (varlen: 2 << 1), then "ab"
                + "0100000000000000"
                + "0300000000000000" + "0400000000000000"; // [3, 4)
        assertEquals(expected, HexFormat.of().formatHex(encoded));
    }

    @Test
    void sourcesAreExposedInCanonicalOrder() {
        MysqlGtidSet set = MysqlGtidSet.parse(B + ":1," + A + ":x:2," + A + ":3");
        assertEquals(List.of(A, A + ":x", B), set.sources().keySet().stream().map(Object::toString).toList());
        assertEquals(List.of(new MysqlGtidSet.Interval(3, 3)), set.sources().get(MysqlGtidSet.Source.untagged(UUID_A)));
    }

    private static void assertMessageContains(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
