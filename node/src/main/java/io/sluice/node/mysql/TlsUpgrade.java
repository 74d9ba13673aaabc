package io.sluice.node.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Layers TLS over the connected socket after the SSLRequest packet, as the MySQL protocol does (there is no separate
 * TLS port). Builds the trust decisions {@link TlsConfig} asks for.
 */
final class TlsUpgrade {
    private TlsUpgrade() {
    }

    /**
     * Runs the TLS handshake over {@code plain} and returns the TLS socket; closing it closes {@code plain}.
     *
     * @throws MysqlTlsException if the certificate is refused or the CA material cannot be loaded
     */
    static SSLSocket upgrade(Socket plain, String host, int port, TlsConfig config) throws IOException {
        SSLContext context = context(config, host + ":" + port);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        tls.setUseClientMode(true);
        if (config.mode() == TlsMode.VERIFY_IDENTITY) {
            SSLParameters parameters = tls.getSSLParameters();
            // "HTTPS" is the JDK's name for RFC 2818 host checking: DNS names and IP addresses in subjectAltName.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        try {
            tls.startHandshake();
        } catch (SSLHandshakeException e) {
            throw new MysqlTlsException("TLS handshake with " + host + ":" + port + " failed in mode " + config.mode()
                    + ": " + e.getMessage() + "; " + hint(config), e);
        }
        return tls;
    }

    private static String hint(TlsConfig config) {
        return switch (config.mode()) {
            case VERIFY_IDENTITY -> "the server certificate must be signed by a trusted CA ("
                    + trustSource(config) + ") and name this host in its subjectAltName (DNS or IP)";
            case VERIFY_CA -> "the server certificate must be signed by a trusted CA (" + trustSource(config) + ")";
            default -> "check that the server's TLS setup (ssl_cert, ssl_key) works, e.g. with the mysql client";
        };
    }

    private static String trustSource(TlsConfig config) {
        if (config.caCertificateFile() != null) {
            return "caCertificateFile " + config.caCertificateFile();
        }
        return config.trustStore() != null ? "trustStore " + config.trustStore() : "the JDK's default trust store";
    }

    private static SSLContext context(TlsConfig config, String source) throws MysqlTlsException {
        try {
            TrustManager[] trust = config.mode().verifiesCertificate()
                    ? verifyingTrustManagers(config)
                    : new TrustManager[] {new TrustEverything()};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new MysqlTlsException("cannot set up TLS for " + source + " from " + config + ": " + e.getMessage(), e);
        }
    }

    private static TrustManager[] verifyingTrustManagers(TlsConfig config) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (config.caCertificateFile() != null) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(config.caCertificateFile())) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + config.caCertificateFile());
            }
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            factory.init(store);
        } else if (config.trustStore() != null) {
            String type = config.trustStoreType() != null ? config.trustStoreType() : KeyStore.getDefaultType();
            KeyStore store = KeyStore.getInstance(type);
            char[] password = config.trustStorePassword() != null ? config.trustStorePassword().toCharArray() : null;
            try (InputStream in = Files.newInputStream(config.trustStore())) {
                store.load(in, password);
            }
            factory.init(store);
        } else {
            factory.init((KeyStore) null);
        }
        return factory.getTrustManagers();
    }

    /** For REQUIRED and PREFERRED: encryption without authentication of the server, as MySQL's clients do. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
