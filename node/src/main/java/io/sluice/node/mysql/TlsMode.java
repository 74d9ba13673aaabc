package io.sluice.node.mysql;

/** Whether and how a connection to the source uses TLS, with the same meanings as MySQL's {@code --ssl-mode}. */
public enum TlsMode {
    /** Plain TCP, even if the server offers TLS. */
    DISABLED,
    /** TLS if the server offers it, without checking its certificate; plain TCP otherwise. */
    PREFERRED,
    /** TLS or fail; the certificate is not checked (protects against eavesdropping, not against impersonation). */
    REQUIRED,
    /** TLS with a certificate signed by a trusted CA (the configured CA file or trust store, else the JDK's). */
    VERIFY_CA,
    /** As {@link #VERIFY_CA}, and the certificate must name the host we connected to (DNS name or IP address). */
    VERIFY_IDENTITY;

    boolean mandatory() {
        return this != DISABLED && this != PREFERRED;
    }

    boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
}
