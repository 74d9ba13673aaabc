package io.sluice.node.mysql;

import java.nio.file.Path;

/**
 * What an authentication plugin may know about the connection.
 *
 * @param user                    the user name, for messages
 * @param password                the password (empty for none)
 * @param secureTransport         true once TLS protects the connection, so a cleartext password is safe to send
 * @param serverPublicKeyFile     PEM public key of a MySQL server for caching_sha2_password without TLS, or null
 * @param allowPublicKeyRetrieval whether the server may be asked for its RSA public key over an unprotected link
 * @param source                  {@code host:port}, for messages
 */
record AuthContext(String user, String password, boolean secureTransport, Path serverPublicKeyFile,
                   boolean allowPublicKeyRetrieval, String source) {

    @Override
    public String toString() {
        return "AuthContext[user=" + user + ", secureTransport=" + secureTransport + ", source=" + source + "]";
    }
}
