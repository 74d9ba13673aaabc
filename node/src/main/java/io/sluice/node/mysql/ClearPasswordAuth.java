package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code mysql_clear_password}: sends the password itself, 0-terminated (for PAM or LDAP users). Refused unless TLS
 * protects the connection.
 */
final class ClearPasswordAuth implements AuthPlugin {
    static final String NAME = "mysql_clear_password";

    private final AuthContext context;

    ClearPasswordAuth(AuthContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] start(byte[] serverData) throws MysqlAuthenticationException {
        if (!context.secureTransport()) {
            throw new MysqlAuthenticationException("server " + context.source() + " asks user '" + context.user()
                    + "' for its password in clear text (" + NAME + "), and the connection is not encrypted; set the"
                    + " TLS mode to required, verify-ca or verify-identity so that the password is protected");
        }
        return withTerminator(context.password());
    }

    @Override
    public byte[] continueWith(byte[] data) throws MysqlProtocolException {
        throw new MysqlProtocolException("server " + context.source() + " sent unexpected AuthMoreData during " + NAME);
    }

    static byte[] withTerminator(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
