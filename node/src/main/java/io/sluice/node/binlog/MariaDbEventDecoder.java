package io.sluice.node.binlog;

import io.sluice.common.position.MariaDbGtid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes MariaDB's GTID, GTID_LIST and BINLOG_CHECKPOINT bodies. Layout: MariaDB {@code Gtid_log_event},
 * {@code Gtid_list_log_event} and {@code Binlog_checkpoint_log_event} constructors (sql/log_event.cc). Stateless.
 */
final class MariaDbEventDecoder {
    private static final int GTID_LIST_COUNT_MASK = 0x0fff_ffff;

    private MariaDbEventDecoder() {
    }

    /**
     * Sequence, domain and flags, then fields the flags announce. The event is zero-padded to its 19-byte
     * post-header when shorter; a zero pad byte reads as "no extra flags".
     */
    static MariaDbGtidEvent decodeGtid(EventHeader header, ByteReader r) {
        long sequence = r.u64();
        long domain = r.u32();
        int flags2 = r.u8();
        long commitId = 0;
        if ((flags2 & MariaDbGtidEvent.FL_GROUP_COMMIT_ID) != 0) {
            commitId = r.u64();
        }
        XaId xid = null;
        if ((flags2 & (MariaDbGtidEvent.FL_PREPARED_XA | MariaDbGtidEvent.FL_COMPLETED_XA)) != 0) {
            xid = XaId.read(r, 1, "MariaDB GTID");
        }
        int flagsExtra = 0;
        int extraEngines = 0;
        long startAlter = 0;
        long threadId = -1;
        if (r.hasRemaining()) {
            flagsExtra = r.u8();
            if ((flagsExtra & MariaDbGtidEvent.FL_EXTRA_MULTI_ENGINE) != 0) {
                extraEngines = r.u8();
            }
            if ((flagsExtra & (MariaDbGtidEvent.FL_COMMIT_ALTER | MariaDbGtidEvent.FL_ROLLBACK_ALTER)) != 0) {
                startAlter = r.u64();
            }
            if ((flagsExtra & MariaDbGtidEvent.FL_EXTRA_THREAD_ID) != 0 && r.remaining() >= 4) {
                threadId = r.u32();
            }
        }
        return new MariaDbGtidEvent(header, sequence, domain, flags2, commitId, xid, flagsExtra, extraEngines,
                startAlter, threadId);
    }

    static MariaDbGtidListEvent decodeGtidList(EventHeader header, ByteReader r) {
        long word = r.u32();
        int count = Lengths.count(word & GTID_LIST_COUNT_MASK, 16, r, "GTID_LIST count");
        List<MariaDbGtid> gtids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long domain = r.u32();
            long server = r.u32();
            long sequence = r.u64();
            gtids.add(new MariaDbGtid(domain, server, sequence));
        }
        return new MariaDbGtidListEvent(header, (int) (word >>> 28), List.copyOf(gtids));
    }

    static BinlogCheckpointEvent decodeCheckpoint(EventHeader header, ByteReader r) {
        int length = Lengths.count(r.u32(), 1, r, "BINLOG_CHECKPOINT file name length");
        return new BinlogCheckpointEvent(header, r.string(length, StandardCharsets.UTF_8));
    }
}
