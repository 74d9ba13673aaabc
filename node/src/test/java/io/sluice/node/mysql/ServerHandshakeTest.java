package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class ServerHandshakeTest {

    /** A MariaDB 10.11 handshake, field by field. */
    private static final String MARIADB_HANDSHAKE = ""
            + "0a"                                             // protocol version 10
            + "352e352e352d31302e31312e362d4d617269614442" + "00" // "5.5.5-10.11.6-MariaDB" NUL
            + "2a000000"                                       // connection id 42
            + "3132333435363738"                               // scramble part 1: "12345678"
            + "00"                                             // filler
            + "fef7"                                           // capabilities, low 16 bits
            + "2d"                                             // charset 45
            + "0200"                                           // status: autocommit
            + "ff81"                                           // capabilities, high 16 bits
            + "15"                                             // auth data length 21
            + "000000000000" + "1d000000"                      // filler, MariaDB extended capabilities
            + "393031323334353637383930" + "00"                // scramble part 2: "901234567890" NUL
            + "6d7973716c5f6e61746976655f70617373776f7264" + "00"; // "mysql_native_password" NUL

    @Test
    void parsesAMariaDbHandshake() throws MysqlProtocolException {
        ServerHandshake h = ServerHandshake.parse(HexFormat.of().parseHex(MARIADB_HANDSHAKE), "test:1");
        assertEquals("5.5.5-10.11.6-MariaDB", h.serverVersion());
        assertEquals(42, h.connectionId());
        assertArrayEquals("12345678901234567890".getBytes(), h.scramble());
        assertEquals(0x81fff7fe, h.capabilities());
        assertTrue(h.has(CapabilityFlags.PLUGIN_AUTH));
        assertFalse(h.has(CapabilityFlags.SSL), "this server has no certificate configured");
        assertEquals(45, h.characterSet());
        assertEquals("mysql_native_password", h.authPluginName());
    }

    @Test
    void toleratesAPluginNameWithoutTerminator() throws MysqlProtocolException {
        String withoutNul = MARIADB_HANDSHAKE.substring(0, MARIADB_HANDSHAKE.length() - 2);
        assertEquals("mysql_native_password",
                ServerHandshake.parse(HexFormat.of().parseHex(withoutNul), "test:1").authPluginName());
    }

    @Test
    void rejectsOtherProtocolVersionsAndTruncation() {
        byte[] v9 = HexFormat.of().parseHex("09" + MARIADB_HANDSHAKE.substring(2));
        MysqlProtocolException e = assertThrows(MysqlProtocolException.class, () -> ServerHandshake.parse(v9, "h:1"));
        assertTrue(e.getMessage().contains("protocol 9"), e.getMessage());
        byte[] cut = HexFormat.of().parseHex(MARIADB_HANDSHAKE.substring(0, 60));
        e = assertThrows(MysqlProtocolException.class, () -> ServerHandshake.parse(cut, "h:1"));
        assertTrue(e.getMessage().startsWith("malformed handshake from h:1"), e.getMessage());
    }
}
