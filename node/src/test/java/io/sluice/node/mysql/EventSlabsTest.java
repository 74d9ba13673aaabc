package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.EventType;

class EventSlabsTest {
    private static final BinlogPosition AT = BinlogPosition.parse("mysql-bin.000001:4");

    @Test
    void eventsArePackedOneAfterTheOther() {
        EventSlabs slabs = new EventSlabs(4);
        EventSlabs.Slab slab = slabs.slabFor(100);
        assertEquals(0, slab.claim(100));
        assertSame(slab, slabs.slabFor(200));
        assertEquals(100, slab.claim(200));
        assertEquals(1, slabs.allocatedSlabs());
    }

    @Test
    void aSlabComesBackOnlyOnceTheReaderMovedOnAndEveryEventIsReleased() {
        EventSlabs slabs = new EventSlabs(4);
        EventSlabs.Slab first = slabs.slabFor(EventSlabs.MAX_POOLED_EVENT);
        List<Integer> claimed = new ArrayList<>();
        while (first.remaining() >= EventSlabs.MAX_POOLED_EVENT) {
            claimed.add(first.claim(EventSlabs.MAX_POOLED_EVENT));
        }
        for (int i = 0; i < claimed.size() - 1; i++) {
            first.release();
        }
        EventSlabs.Slab second = slabs.slabFor(EventSlabs.MAX_POOLED_EVENT); // the reader moves on
        assertNotSame(first, second);
        assertEquals(0, slabs.freeSlabs(), "one event of the first slab is still held");

        first.release(); // the last event
        assertEquals(1, slabs.freeSlabs());
        fill(second);
        EventSlabs.Slab third = slabs.slabFor(EventSlabs.MAX_POOLED_EVENT);
        assertSame(first, third, "the released slab is filled again");
        assertEquals(0, third.claim(10), "from its start");
        assertEquals(2, slabs.allocatedSlabs());
    }

    @Test
    void keepsNoMoreFreeSlabsThanItsBound() {
        EventSlabs slabs = new EventSlabs(1);
        List<EventSlabs.Slab> filled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EventSlabs.Slab slab = slabs.slabFor(EventSlabs.MAX_POOLED_EVENT);
            slab.claim(EventSlabs.SLAB_BYTES);
            filled.add(slab);
        }
        slabs.slabFor(1); // moves past the third
        filled.forEach(EventSlabs.Slab::release);
        assertEquals(1, slabs.freeSlabs());
    }

    @Test
    void aSlabReleasedMoreOftenThanClaimedIsAnError() {
        EventSlabs slabs = new EventSlabs(1);
        EventSlabs.Slab slab = slabs.slabFor(10);
        slab.claim(10);
        slabs.slabFor(EventSlabs.SLAB_BYTES); // the reader lets go of it
        slab.release();
        assertThrows(IllegalStateException.class, slab::release);
    }

    @Test
    void anEventReleasesItsSlabOnceHoweverOftenItIsReleased() {
        EventSlabs slabs = new EventSlabs(4);
        byte[] bytes = TestEvents.plain(EventType.QUERY, 1, 200);
        EventSlabs.Slab slab = slabs.slabFor(bytes.length);
        int at = slab.claim(bytes.length);
        System.arraycopy(bytes, 0, slab.array, at, bytes.length);
        RawBinlogEvent event = new RawBinlogEvent(slab.array, at, bytes.length, AT, AT, slab);
        slab.claim(bytes.length); // a second event keeps the slab held
        slabs.slabFor(EventSlabs.SLAB_BYTES);
        event.release();
        event.release();
        assertEquals(0, slabs.freeSlabs(), "the second event still holds the slab");
    }

    @Test
    void smallEventsGoToTheSlabLargeOnesAndOtherPacketsGetArraysOfTheirOwn() throws IOException {
        byte[] small1 = TestEvents.plain(EventType.QUERY, 1, 100);
        byte[] small2 = TestEvents.plain(EventType.XID, 1, 200);
        byte[] large = TestEvents.event(EventType.QUERY, 1, 300, 0, new byte[EventSlabs.MAX_POOLED_EVENT], true);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        packet(wire, 0, small1);
        packet(wire, 1, small2);
        packet(wire, 2, large);
        wire.writeBytes(new byte[] {5, 0, 0, 3, (byte) 0xfe, 0, 0, 2, 0}); // EOF
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire.toByteArray()),
                new ByteArrayOutputStream(), "test:1", 1 << 20);
        EventSlabs slabs = new EventSlabs(4);

        PacketChannel.Payload p1 = channel.readPayloadAfter(ServerPackets.OK, slabs);
        PacketChannel.Payload p2 = channel.readPayloadAfter(ServerPackets.OK, slabs);
        assertSame(p1.slab(), p2.slab());
        assertSame(p1.array(), p2.array());
        assertEquals(0, p1.offset());
        assertEquals(small1.length, p2.offset());
        assertArrayEquals(small1, p1.bytes());
        assertArrayEquals(small2, p2.bytes());

        PacketChannel.Payload p3 = channel.readPayloadAfter(ServerPackets.OK, slabs);
        assertNull(p3.slab());
        assertArrayEquals(large, p3.array());

        PacketChannel.Payload eof = channel.readPayloadAfter(ServerPackets.OK, slabs);
        assertNull(eof.slab());
        assertTrue(ServerPackets.isEof(eof.bytes()));
        assertEquals(1, slabs.allocatedSlabs());
    }

    @Test
    void aSlabEventReadsLikeAnEventOfItsOwn() {
        byte[] bytes = TestEvents.plain(EventType.XID, 1_700_000_000L, 777);
        byte[] array = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, array, 7, bytes.length);
        RawBinlogEvent event = new RawBinlogEvent(array, 7, bytes.length, AT, AT, null);
        assertEquals(EventType.XID.code(), event.typeCode());
        assertEquals(777, event.header().logPos());
        assertEquals(bytes.length, event.length());
        assertArrayEquals(bytes, event.bytes());
        RawBinlogEvent own = new RawBinlogEvent(bytes, AT, AT);
        assertSame(bytes, own.bytes());
    }

    private static void fill(EventSlabs.Slab slab) {
        slab.claim(slab.remaining());
    }

    /** One packet: the 3-byte length and sequence id, then the OK marker and the event. */
    private static void packet(ByteArrayOutputStream wire, int sequence, byte[] event) {
        int length = event.length + 1;
        wire.writeBytes(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) sequence, 0});
        wire.writeBytes(event);
    }
}
