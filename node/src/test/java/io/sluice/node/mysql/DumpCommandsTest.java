package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MysqlGtidSet;

class DumpCommandsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void registerSlave() {
        assertEquals(""
                + "15"              // COM_REGISTER_SLAVE
                + "e9030000"        // server id 1001
                + "04" + "6e6f6465" // report host "node"
                + "00"              // report user ""
                + "00"              // report password ""
                + "d204"            // report port 1234
                + "00000000"        // rank
                + "00000000",       // master id
                HEX.formatHex(DumpCommands.registerSlave(1001, "node", 1234)));
    }

    @Test
    void binlogDumpFromAFilePosition() {
        assertEquals(""
                + "12"                                   // COM_BINLOG_DUMP
                + "9a010000"                             // position 410
                + "0100"                                 // flags: BINLOG_DUMP_NON_BLOCK
                + "e9030000"                             // server id 1001
                + "6d7973716c2d62696e2e303030303033",    // "mysql-bin.000003", to the end of the packet
                HEX.formatHex(DumpCommands.binlogDump(BinlogPosition.parse("mysql-bin.000003:410"),
                        DumpCommands.BINLOG_DUMP_NON_BLOCK, 1001)));
    }

    @Test
    void binlogDumpGtidCarriesTheEncodedSet() {
        MysqlGtidSet set = MysqlGtidSet.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
        assertEquals(""
                + "1e"                                   // COM_BINLOG_DUMP_GTID
                + "0400"                                 // flags: BINLOG_THROUGH_GTID
                + "e9030000"                             // server id 1001
                + "00000000"                             // file name length 0
                + "0400000000000000"                     // position 4
                + "30000000"                             // GTID data length 48
                + HEX.formatHex(set.encode()),
                HEX.formatHex(DumpCommands.binlogDumpGtid(0, 1001, set.encode())));
    }
}
