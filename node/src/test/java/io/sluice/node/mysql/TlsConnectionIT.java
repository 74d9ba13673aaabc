package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.testkit.MariaDbOptions;
import io.sluice.testkit.MariaDbSandbox;

/** TLS modes against a MariaDB started with a throwaway self-signed certificate for 127.0.0.1. */
class TlsConnectionIT {
    @TempDir
    static Path dir;
    private static Path serverCert;
    private static Path otherCert;
    private static MariaDbSandbox db;

    @BeforeAll
    static void startDb() throws Exception {
        serverCert = selfSigned("server", "subjectAltName=IP:127.0.0.1");
        otherCert = selfSigned("other", "subjectAltName=IP:127.0.0.1");
        db = MariaDbSandbox.launch(MariaDbOptions.builder()
                .extraFlags("--ssl-cert=" + serverCert, "--ssl-key=" + dir.resolve("server-key.pem"))
                .build());
    }

    @AfterAll
    static void stopDb() {
        if (db != null) {
            db.close();
        }
    }

    /** openssl writes NAME.pem (certificate) and NAME-key.pem (unencrypted key), valid for two days. */
    private static Path selfSigned(String name, String extension) throws Exception {
        Path cert = dir.resolve(name + ".pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve(name + "-key.pem").toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=sluice-test-" + name, "-addext", extension)
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroyForcibly();
            throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve(name + ".log")));
        }
        return cert;
    }

    private static MysqlConnectionConfig config(TlsConfig tls) {
        return SandboxSupport.repl(db).toBuilder().tls(tls).build();
    }

    private static String sslVersion(MysqlConnection c) throws IOException {
        return c.query("SHOW SESSION STATUS LIKE 'Ssl_version'").rows().get(0).get("Value");
    }

    @Test
    void requiredEncryptsWithoutCheckingTheCertificate() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config(TlsConfig.REQUIRED))) {
            assertTrue(c.tlsActive());
            assertTrue(sslVersion(c).startsWith("TLSv1."), "server sees TLS: " + sslVersion(c));
        }
    }

    @Test
    void preferredUsesTlsWhenOffered() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config(TlsConfig.PREFERRED))) {
            assertTrue(c.tlsActive());
        }
    }

    @Test
    void disabledStaysPlain() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config(TlsConfig.DISABLED))) {
            assertFalse(c.tlsActive());
            assertEquals("", sslVersion(c));
        }
    }

    @Test
    void verifyCaAndIdentityAcceptTheTrustedCertificate() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config(TlsConfig.verifyWithCa(TlsMode.VERIFY_CA, serverCert)))) {
            assertTrue(c.tlsActive());
        }
        try (MysqlConnection c = MysqlConnection.open(
                config(TlsConfig.verifyWithCa(TlsMode.VERIFY_IDENTITY, serverCert)))) {
            assertTrue(c.tlsActive());
        }
    }

    @Test
    void verifyCaWithATrustStore() throws Exception {
        Path store = dir.resolve("trust.p12");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        try (InputStream in = Files.newInputStream(serverCert)) {
            keyStore.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(store)) {
            keyStore.store(out, "changeit".toCharArray());
        }
        TlsConfig tls = new TlsConfig(TlsMode.VERIFY_CA, null, store, "changeit", "PKCS12");
        try (MysqlConnection c = MysqlConnection.open(config(tls))) {
            assertTrue(c.tlsActive());
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedWithTheFix() {
        MysqlTlsException e = assertThrows(MysqlTlsException.class,
                () -> MysqlConnection.open(config(TlsConfig.verifyWithCa(TlsMode.VERIFY_CA, otherCert))));
        assertTrue(e.getMessage().contains("TLS handshake with 127.0.0.1:" + db.port() + " failed in mode VERIFY_CA"),
                e.getMessage());
        assertTrue(e.getMessage().contains("caCertificateFile " + otherCert), e.getMessage());
    }

    @Test
    void verifyIdentityRefusesAHostNameTheCertificateDoesNotName() {
        MysqlConnectionConfig localhost = MysqlConnectionConfig.builder("localhost", db.port()).user(db.replUser())
                .password(db.replPassword()).tls(TlsConfig.verifyWithCa(TlsMode.VERIFY_IDENTITY, serverCert)).build();
        MysqlTlsException e = assertThrows(MysqlTlsException.class, () -> MysqlConnection.open(localhost));
        assertTrue(e.getMessage().contains("subjectAltName"), e.getMessage());
    }

    @Test
    void aBinlogDumpRunsOverTls() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config(TlsConfig.REQUIRED))) {
            BinlogDump dump = BinlogDump.start(c, ReplicaSettings.defaults(4001),
                    ResumePoint.file(new BinlogPosition("mysql-bin.000001", 4)), BinlogDump.Mode.NON_BLOCKING, false);
            int events = 0;
            RawBinlogEvent event;
            while ((event = dump.next()) != null) {
                events++;
                assertEquals(event.length(), event.header().eventSize());
            }
            assertTrue(events > 3, "the sandbox's setup statements are in the first binlog: " + events);
            assertEquals(null, dump.next(), "a non-blocking dump stays ended");
        }
    }
}
