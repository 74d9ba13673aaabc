package io.sluice.node.mysql;

/** The authentication plugins sluice speaks, by the name a server asks for. */
final class AuthPlugins {
    static final String SUPPORTED = NativePasswordAuth.NAME + ", " + CachingSha2PasswordAuth.NAME + ", "
            + Ed25519PasswordAuth.NAME + " (MariaDB ed25519) and " + ClearPasswordAuth.NAME + " (TLS only)";

    private AuthPlugins() {
    }

    static boolean supports(String name) {
        return switch (name) {
            case NativePasswordAuth.NAME, CachingSha2PasswordAuth.NAME, Ed25519PasswordAuth.NAME,
                    ClearPasswordAuth.NAME -> true;
            default -> false;
        };
    }

    /**
     * A fresh plugin instance for one login.
     *
     * @throws MysqlAuthenticationException naming the plugin, the supported ones and the fix
     */
    static AuthPlugin create(String name, AuthContext context) throws MysqlAuthenticationException {
        return switch (name) {
            case NativePasswordAuth.NAME -> new NativePasswordAuth(context);
            case CachingSha2PasswordAuth.NAME -> new CachingSha2PasswordAuth(context);
            case Ed25519PasswordAuth.NAME -> new Ed25519PasswordAuth(context);
            case ClearPasswordAuth.NAME -> new ClearPasswordAuth(context);
            default -> throw new MysqlAuthenticationException("server " + context.source() + " asks user '"
                    + context.user() + "' to authenticate with plugin '" + name + "', which sluice does not support;"
                    + " sluice supports " + SUPPORTED + ". Change the user's plugin, e.g. ALTER USER ... IDENTIFIED"
                    + " WITH mysql_native_password BY '...' (MySQL) or IDENTIFIED VIA ed25519 USING PASSWORD('...')"
                    + " (MariaDB)");
        };
    }
}
