package io.sluice.node.mysql;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings for a source connection. For {@link TlsMode#VERIFY_CA} and {@link TlsMode#VERIFY_IDENTITY} the
 * trusted CAs come from {@code caCertificateFile} (PEM, one or more certificates) or {@code trustStore} (a JKS or
 * PKCS12 file), or, when neither is set, from the JDK's default trust store.
 *
 * @param mode               when to use TLS and what to check
 * @param caCertificateFile  PEM file of trusted CA certificates, or null
 * @param trustStore         key store of trusted certificates, or null
 * @param trustStorePassword its password, or null for none
 * @param trustStoreType     its type, e.g. PKCS12 or JKS; null for the JDK default
 */
public record TlsConfig(TlsMode mode, Path caCertificateFile, Path trustStore, String trustStorePassword,
                        String trustStoreType) {

    public static final TlsConfig DISABLED = new TlsConfig(TlsMode.DISABLED, null, null, null, null);
    public static final TlsConfig PREFERRED = new TlsConfig(TlsMode.PREFERRED, null, null, null, null);
    public static final TlsConfig REQUIRED = new TlsConfig(TlsMode.REQUIRED, null, null, null, null);

    public TlsConfig {
        Objects.requireNonNull(mode, "mode");
        if (caCertificateFile != null && trustStore != null) {
            throw new IllegalArgumentException("set either caCertificateFile (" + caCertificateFile + ") or trustStore ("
                    + trustStore + "), not both");
        }
        if (!mode.verifiesCertificate() && (caCertificateFile != null || trustStore != null)) {
            throw new IllegalArgumentException("TLS mode " + mode + " does not check certificates, so the CA file or"
                    + " trust store would be ignored; use VERIFY_CA or VERIFY_IDENTITY, or drop the CA setting");
        }
    }

    /** Verify the server's certificate against the CA certificates in a PEM file. */
    public static TlsConfig verifyWithCa(TlsMode mode, Path caCertificateFile) {
        return new TlsConfig(mode, Objects.requireNonNull(caCertificateFile, "caCertificateFile"), null, null, null);
    }

    @Override
    public String toString() {
        return "TlsConfig[mode=" + mode + (caCertificateFile != null ? ", ca=" + caCertificateFile : "")
                + (trustStore != null ? ", trustStore=" + trustStore : "") + "]";
    }
}
