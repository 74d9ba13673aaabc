package io.sluice.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.node.binlog.EventPosition;

class ChangeIdentityTest {
    private static Entry entry(EntryType type, String currentGtid) {
        Header.Builder h = Header.newBuilder().setLogfileName("mysql-bin.000003").setLogfileOffset(1234);
        if (currentGtid != null) {
            h.addProps(Pair.newBuilder().setKey("curtGtid").setValue(currentGtid));
        }
        return Entry.newBuilder().setEntryType(type).setHeader(h).build();
    }

    @Test
    void gtidTransactionsAreIdentifiedByGtidAndEventIndex() {
        Entry stamped = ChangeIdentity.stamp(entry(EntryType.ROWDATA, "0-1-42"),
                new EventPosition("mysql-bin.000003", 1234, 0), 3);
        assertEquals("0-1-42#3", ChangeIdentity.of(stamped));
        assertEquals("0-1-42", stamped.getHeader().getProps(0).getValue(), "canal's props stay first");
    }

    @Test
    void withoutGtidTheEventPositionIsTheIdentity() {
        assertEquals("mysql-bin.000003:1234", ChangeIdentity.of(ChangeIdentity.stamp(entry(EntryType.ROWDATA, null),
                new EventPosition("mysql-bin.000003", 1234, 0), 5)));
        assertEquals("mysql-bin.000003:1234/2", ChangeIdentity.of(ChangeIdentity.stamp(
                entry(EntryType.TRANSACTIONEND, ""), new EventPosition("mysql-bin.000003", 1234, 2), 5)));
    }

    @Test
    void heartbeatsStayAsTheyAre() {
        Entry heartbeat = entry(EntryType.HEARTBEAT, null);
        assertSame(heartbeat, ChangeIdentity.stamp(heartbeat, new EventPosition("f", 4, 0), 0));
        assertNull(ChangeIdentity.of(heartbeat));
    }
}
