package io.sluice.node.tools;

import java.nio.file.Path;
import java.time.Duration;

import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.mysql.TlsMode;
import picocli.CommandLine.Option;

/** How a command-line tool connects to a live source. */
final class SourceOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "source host (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "3306", description = "source port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--user", required = true, description = "user with REPLICATION SLAVE and REPLICATION CLIENT")
    String user;

    @Option(names = "--password", defaultValue = "${env:SLUICE_SOURCE_PASSWORD}",
            description = "password (default: the SLUICE_SOURCE_PASSWORD environment variable)")
    String password;

    @Option(names = "--tls", defaultValue = "PREFERRED",
            description = "DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY (default: ${DEFAULT-VALUE})")
    TlsMode tls;

    @Option(names = "--tls-ca", description = "CA certificate (PEM) for VERIFY_CA and VERIFY_IDENTITY")
    Path tlsCa;

    MysqlConnectionConfig connection() {
        TlsConfig tlsConfig = switch (tls) {
            case DISABLED -> TlsConfig.DISABLED;
            case PREFERRED -> TlsConfig.PREFERRED;
            case REQUIRED -> TlsConfig.REQUIRED;
            case VERIFY_CA, VERIFY_IDENTITY -> {
                if (tlsCa == null) {
                    throw new IllegalArgumentException("--tls " + tls + " needs --tls-ca with the CA certificate");
                }
                yield TlsConfig.verifyWithCa(tls, tlsCa);
            }
        };
        return MysqlConnectionConfig.builder(host, port)
                .user(user)
                .password(password == null ? "" : password)
                .tls(tlsConfig)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
