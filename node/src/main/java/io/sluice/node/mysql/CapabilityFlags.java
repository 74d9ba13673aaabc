package io.sluice.node.mysql;

/**
 * Capability bits exchanged in the handshake ({@code CLIENT_*} in the MySQL source). The client sends the
 * intersection of what it wants and what the server offers.
 */
final class CapabilityFlags {
    /** Also "CLIENT_MYSQL" to MariaDB: set, it tells MariaDB not to use its extended capability bytes. */
    static final int LONG_PASSWORD = 0x0000_0001;
    static final int LONG_FLAG = 0x0000_0004;
    static final int CONNECT_WITH_DB = 0x0000_0008;
    static final int PROTOCOL_41 = 0x0000_0200;
    static final int SSL = 0x0000_0800;
    static final int TRANSACTIONS = 0x0000_2000;
    static final int SECURE_CONNECTION = 0x0000_8000;
    static final int PLUGIN_AUTH = 0x0008_0000;
    static final int CONNECT_ATTRS = 0x0010_0000;
    static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x0020_0000;
    /**
     * Not requested: sluice always reads result sets ending in EOF packets, the one behaviour every MySQL and MariaDB
     * version supports, so that result-set and binlog-dump code need only one end marker.
     */
    static final int DEPRECATE_EOF = 0x0100_0000;

    /** What sluice asks for whenever the server offers it (SSL and CONNECT_WITH_DB are added per connection). */
    static final int WANTED = LONG_PASSWORD | LONG_FLAG | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION | PLUGIN_AUTH
            | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA;

    /** Without these the server speaks the pre-4.1 protocol, which sluice does not. */
    static final int REQUIRED = PROTOCOL_41 | SECURE_CONNECTION;

    private CapabilityFlags() {
    }
}
