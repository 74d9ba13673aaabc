package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;

import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.ByteReader;

/**
 * Recognises and reads the generic response packets: OK (0x00), ERR (0xff) and EOF (0xfe, shorter than 9 bytes so
 * that it cannot be confused with a row starting with an 8-byte length).
 */
final class ServerPackets {
    static final int OK = 0x00;
    static final int AUTH_MORE_DATA = 0x01;
    static final int LOCAL_INFILE = 0xFB;
    static final int EOF = 0xFE;
    static final int ERR = 0xFF;
    /** An EOF packet is 0xfe, warnings (2) and status (2): never 9 bytes or more. */
    private static final int EOF_MAX_LENGTH = 9;

    private ServerPackets() {
    }

    static int first(byte[] payload) {
        return payload.length == 0 ? -1 : payload[0] & 0xFF;
    }

    static boolean isOk(byte[] payload) {
        return first(payload) == OK;
    }

    static boolean isErr(byte[] payload) {
        return first(payload) == ERR;
    }

    static boolean isEof(byte[] payload) {
        return first(payload) == EOF && payload.length < EOF_MAX_LENGTH;
    }

    /** Reads an ERR packet into the exception it stands for. */
    static MysqlServerException error(byte[] payload, String source) {
        try {
            ByteReader r = new ByteReader(payload);
            r.skip(1);
            int code = r.u16();
            String sqlState = "";
            // The '#' marker and SQL state are there once protocol 4.1 is agreed; an error sent instead of the
            // handshake (e.g. "Too many connections") has neither.
            if (r.remaining() >= 6 && (r.array()[r.arrayOffset()] == '#')) {
                r.skip(1);
                sqlState = r.string(5, StandardCharsets.US_ASCII);
            }
            return new MysqlServerException(source, code, sqlState, r.restString(StandardCharsets.UTF_8));
        } catch (BinlogFormatException e) {
            return new MysqlServerException(source, 0, "", "(malformed error packet: " + e.getMessage() + ")");
        }
    }

    /** Reads an OK packet. */
    static OkPacket ok(byte[] payload, String source) throws MysqlProtocolException {
        try {
            ByteReader r = new ByteReader(payload);
            r.skip(1);
            long affectedRows = r.lenencInt();
            long lastInsertId = r.lenencInt();
            int status = r.hasRemaining() ? r.u16() : 0;
            int warnings = r.remaining() >= 2 ? r.u16() : 0;
            return new OkPacket(affectedRows, lastInsertId, status, warnings);
        } catch (BinlogFormatException e) {
            throw new MysqlProtocolException("malformed OK packet from " + source + ": " + e.getMessage(), e);
        }
    }

    /** An unexpected packet: names what was expected and shows the first bytes. */
    static MysqlProtocolException unexpected(byte[] payload, String expected, String source) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(16, payload.length); i++) {
            hex.append(String.format("%02x", payload[i] & 0xFF));
        }
        return new MysqlProtocolException("expected " + expected + " from " + source + ", got a packet of "
                + payload.length + " bytes starting " + hex + (payload.length > 16 ? "..." : ""));
    }

    /**
     * An OK packet's counters.
     *
     * @param status server status flags (SERVER_STATUS_*)
     */
    record OkPacket(long affectedRows, long lastInsertId, int status, int warnings) {
    }
}
