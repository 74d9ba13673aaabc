package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.RowChange;

class EntryHeaderScannerTest {
    /** The scanner gives what the generated classes give. */
    private static void assertScansAsParsed(byte[] bytes) throws IOException {
        Entry parsed = Entry.parseFrom(bytes);
        EntryHeaderScanner.Scanned scanned = EntryHeaderScanner.scan(readOnlySlice(bytes));
        assertEquals(new EntryHeaderScanner.Scanned(parsed.getEntryType(), parsed.getHeader().getSchemaName(),
                parsed.getHeader().getTableName()), scanned);
    }

    /** As the store hands payloads out: a read-only slice, not at index 0 of its buffer. */
    private static ByteBuffer readOnlySlice(byte[] bytes) {
        ByteBuffer record = ByteBuffer.allocate(bytes.length + 16);
        record.position(9).put(bytes);
        return record.position(9).limit(9 + bytes.length).slice().asReadOnlyBuffer();
    }

    /** Fields written one by one, in the order given. */
    private static final class Fields {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Fields varint(int field, long value) throws IOException {
            out.writeUInt64(field, value);
            return this;
        }

        Fields bytes(int field, byte[] value) throws IOException {
            out.writeByteArray(field, value);
            return this;
        }

        Fields string(int field, String value) throws IOException {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Fields fixed32(int field, int value) throws IOException {
            out.writeFixed32(field, value);
            return this;
        }

        Fields fixed64(int field, long value) throws IOException {
            out.writeFixed64(field, value);
            return this;
        }

        /** A group (wire types 3 and 4) holding the given fields. */
        Fields group(int field, Fields inside) throws IOException {
            out.writeTag(field, WireFormat.WIRETYPE_START_GROUP);
            out.writeRawBytes(inside.toByteArray());
            out.writeTag(field, WireFormat.WIRETYPE_END_GROUP);
            return this;
        }

        byte[] toByteArray() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }

    private static Header.Builder header(String schema, String table) {
        return Header.newBuilder().setVersion(1).setLogfileName("mysql-bin.000002").setLogfileOffset(1234)
                .setServerId(3).setServerenCode("UTF-8").setExecuteTime(1_700_000_000_000L).setSchemaName(schema)
                .setTableName(table).setEventLength(99).setEventType(EventType.UPDATE)
                .addProps(Pair.newBuilder().setKey("rowsCount").setValue("2")).setGtid("uuid:1-9");
    }

    @Test
    void entriesAsTheNodeWritesThem() throws IOException {
        assertScansAsParsed(TestEntries.begin(4));
        assertScansAsParsed(TestEntries.end(5));
        assertScansAsParsed(TestEntries.insert(6, "shop", "orders", "x"));
        assertScansAsParsed(Entry.newBuilder().setHeader(header("shop", "orders")).setEntryType(EntryType.ROWDATA)
                .setStoreValue(RowChange.newBuilder().setSql("update").build().toByteString()).build()
                .toByteArray());
        assertEquals(new EntryHeaderScanner.Scanned(EntryType.ROWDATA, "shop", "orders"),
                EntryHeaderScanner.scan(ByteBuffer.wrap(TestEntries.insert(6, "shop", "orders", "x"))));
    }

    @Test
    void ddlEntryWithEmptyTable() throws IOException {
        byte[] ddl = Entry.newBuilder().setHeader(header("shop", "").setEventType(EventType.CREATE))
                .setEntryType(EntryType.ROWDATA).setStoreValue(RowChange.newBuilder().setIsDdl(true)
                        .setSql("create database shop").setDdlSchemaName("shop").build().toByteString())
                .build().toByteArray();
        assertScansAsParsed(ddl);
        assertEquals(new EntryHeaderScanner.Scanned(EntryType.ROWDATA, "shop", ""),
                EntryHeaderScanner.scan(readOnlySlice(ddl)));
    }

    @Test
    void absentHeaderAndAbsentFields() throws IOException {
        assertScansAsParsed(new byte[0]);
        assertScansAsParsed(Entry.newBuilder().setEntryType(EntryType.HEARTBEAT).build().toByteArray());
        assertScansAsParsed(Entry.newBuilder().setStoreValue(ByteString.copyFromUtf8("rows")).build().toByteArray());
        assertScansAsParsed(Entry.newBuilder().setHeader(Header.newBuilder().setSchemaName("shop")).build()
                .toByteArray());
        assertScansAsParsed(Entry.newBuilder().setHeader(Header.newBuilder().setTableName("orders")).build()
                .toByteArray());
        assertScansAsParsed(Entry.newBuilder().setHeader(Header.getDefaultInstance()).build().toByteArray());
        assertEquals(new EntryHeaderScanner.Scanned(EntryType.ROWDATA, "", ""),
                EntryHeaderScanner.scan(ByteBuffer.allocate(0)));
    }

    @Test
    void fieldsInAnyOrder() throws IOException {
        byte[] header = new Fields().string(9, "orders").varint(11, EventType.INSERT_VALUE).string(8, "shop")
                .varint(1, 1).string(2, "mysql-bin.000001").toByteArray();
        assertScansAsParsed(new Fields().bytes(3, new byte[] {1, 2, 3}).varint(2, EntryType.TRANSACTIONEND_VALUE)
                .bytes(1, header).toByteArray());
        assertScansAsParsed(new Fields().bytes(1, header).bytes(3, new byte[] {1, 2, 3})
                .varint(2, EntryType.TRANSACTIONBEGIN_VALUE).toByteArray());
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSteppedOver() throws IOException {
        Fields nested = new Fields().varint(1, 5).group(2, new Fields().fixed32(3, 7).string(4, "x"));
        byte[] header = new Fields().varint(100, -1).fixed32(101, 0x12345678).fixed64(102, -5L)
                .string(8, "shop").group(103, nested).bytes(104, new byte[300]).string(9, "orders")
                .varint(536_870_911, 1).toByteArray();
        assertScansAsParsed(new Fields().group(50, nested).bytes(1, header).fixed64(51, 1).fixed32(52, 2)
                .varint(2, EntryType.ROWDATA_VALUE).varint(53, 3).bytes(54, header).toByteArray());
    }

    @Test
    void lastOccurrenceWinsAndHeadersMerge() throws IOException {
        byte[] first = new Fields().string(8, "shop").string(9, "orders").toByteArray();
        byte[] second = new Fields().string(9, "items").toByteArray();
        byte[] third = new Fields().string(8, "").toByteArray();
        byte[] entry = new Fields().bytes(1, first).varint(2, EntryType.TRANSACTIONBEGIN_VALUE).bytes(1, second)
                .varint(2, EntryType.ROWDATA_VALUE).toByteArray();
        assertScansAsParsed(entry);
        assertEquals(new EntryHeaderScanner.Scanned(EntryType.ROWDATA, "shop", "items"),
                EntryHeaderScanner.scan(readOnlySlice(entry)));
        assertScansAsParsed(new Fields().bytes(1, first).bytes(1, third).toByteArray());
        assertScansAsParsed(new Fields().bytes(1, new Fields().string(8, "a").string(8, "b").toByteArray())
                .toByteArray());
    }

    @Test
    void unknownEntryTypeKeepsTheEarlierOne() throws IOException {
        assertScansAsParsed(new Fields().varint(2, 99).toByteArray());
        assertScansAsParsed(new Fields().varint(2, EntryType.TRANSACTIONEND_VALUE).varint(2, 99).toByteArray());
        assertScansAsParsed(new Fields().varint(2, EntryType.GTIDLOG_VALUE).varint(2, -1).toByteArray());
        assertEquals(EntryType.TRANSACTIONEND, EntryHeaderScanner.scan(readOnlySlice(new Fields()
                .varint(2, EntryType.TRANSACTIONEND_VALUE).varint(2, 0).toByteArray())).type());
    }

    @Test
    void namesAreUtf8AsTheGeneratedClassesDecodeThem() throws IOException {
        assertScansAsParsed(Entry.newBuilder().setHeader(header("商店", "订单_ü")).build().toByteArray());
        byte[] invalid = {(byte) 0xC3, 0x28, (byte) 0xFF, 'a'};
        assertScansAsParsed(new Fields().bytes(1, new Fields().bytes(8, invalid).bytes(9, invalid).toByteArray())
                .toByteArray());
    }

    @Test
    void malformedFramingFailsAsTheGeneratedClassesDo() throws IOException {
        byte[] entry = TestEntries.insert(6, "shop", "orders", "x");
        int truncatedInsideAField = 0;
        for (int cut = 1; cut < entry.length; cut++) {
            byte[] truncated = new byte[cut];
            System.arraycopy(entry, 0, truncated, 0, cut);
            try {
                Entry.parseFrom(truncated);
            } catch (InvalidProtocolBufferException e) {
                truncatedInsideAField++;
                assertThrows(InvalidProtocolBufferException.class,
                        () -> EntryHeaderScanner.scan(readOnlySlice(truncated)));
                continue;
            }
            // cut between two fields: still an entry
            assertScansAsParsed(truncated);
        }
        assertEquals(entry.length - 3, truncatedInsideAField);
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(new byte[] {0});                       // field number 0
        malformed.add(new byte[] {0x0E, 1});                 // wire type 6
        malformed.add(new byte[] {0x0C});                    // a group end that no group began
        malformed.add(new byte[] {0x0B, 0x08, 0x01});        // a group that never ends
        malformed.add(new byte[] {0x0B, 0x14});              // a group ended with another field's end tag
        malformed.add(new byte[] {0x0A, 0x02, 0x42, 0x05});  // schema name longer than its header
        malformed.add(new byte[] {0x10, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}); // an 11-byte varint
        malformed.add(new byte[] {0x1A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}); // length -1
        for (byte[] bytes : malformed) {
            assertThrows(InvalidProtocolBufferException.class, () -> Entry.parseFrom(bytes));
            assertThrows(InvalidProtocolBufferException.class, () -> EntryHeaderScanner.scan(readOnlySlice(bytes)));
        }
    }

    /**
     * Random byte changes: whatever the generated classes read, the scanner reads the same; whatever the scanner
     * refuses, they refuse too. (The scanner may read entries they refuse: it does not check fields it steps over.)
     */
    @Test
    void mutatedEntriesNeverDisagree() throws IOException {
        Random random = new Random(1126);
        List<byte[]> seeds = List.of(TestEntries.begin(4), TestEntries.end(5),
                TestEntries.insert(6, "shop", "orders", "x"),
                Entry.newBuilder().setHeader(header("shop", "orders")).setEntryType(EntryType.ROWDATA).build()
                        .toByteArray());
        int parsedBoth = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Entry parsed;
            try {
                parsed = Entry.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                parsed = null;
            }
            EntryHeaderScanner.Scanned scanned;
            try {
                scanned = EntryHeaderScanner.scan(readOnlySlice(bytes));
            } catch (InvalidProtocolBufferException e) {
                assertEquals(null, parsed, "the scanner refused an entry the generated classes read");
                continue;
            }
            if (parsed != null) {
                parsedBoth++;
                assertEquals(new EntryHeaderScanner.Scanned(parsed.getEntryType(),
                        parsed.getHeader().getSchemaName(), parsed.getHeader().getTableName()), scanned);
            }
        }
        assertEquals(true, parsedBoth > 1000, "mutations that still parse: " + parsedBoth);
    }

    @Test
    void theBufferIsLeftAsItWas() throws IOException {
        ByteBuffer bytes = readOnlySlice(TestEntries.insert(6, "shop", "orders", "x"));
        int position = bytes.position();
        int limit = bytes.limit();
        EntryHeaderScanner.scan(bytes);
        assertEquals(position, bytes.position());
        assertEquals(limit, bytes.limit());
    }
}
