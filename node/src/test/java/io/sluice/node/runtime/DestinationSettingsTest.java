package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sluice.common.config.EntriesSpec;
import io.sluice.common.config.SourceSpec;
import io.sluice.node.entry.EntryOptions;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.mysql.TlsMode;

class DestinationSettingsTest {

    @Test
    void entriesDefaultToCanalInTheSystemZone() {
        assertEquals(EntryOptions.canal(ZoneId.systemDefault(), StandardCharsets.UTF_8),
                DestinationSettings.entries(EntriesSpec.CANAL));
    }

    @Test
    void canalEntriesTakeTheZoneAndCharset() {
        EntriesSpec spec = new EntriesSpec(EntriesSpec.Values.CANAL, Optional.of("Asia/Shanghai"), "GBK");
        EntryOptions options = DestinationSettings.entries(spec);
        assertEquals(EntryOptions.canal(ZoneId.of("Asia/Shanghai"), Charset.forName("GBK")), options);
        assertEquals(false, options.enumAsLabels());
        assertEquals(false, options.perColumnCharset());
        assertEquals(false, options.jsonPartialAsDocument());
    }

    @Test
    void sluiceEntriesTakeTheZone() {
        EntriesSpec spec = new EntriesSpec(EntriesSpec.Values.SLUICE, Optional.of("UTC"), "UTF-8");
        EntryOptions options = DestinationSettings.entries(spec);
        assertEquals(EntryOptions.sluice(ZoneId.of("UTC")), options);
        assertEquals(true, options.enumAsLabels());
        assertEquals(true, options.perColumnCharset());
        assertEquals(true, options.jsonPartialAsDocument());
        assertEquals(EntryOptions.sluice(ZoneId.systemDefault()),
                DestinationSettings.entries(new EntriesSpec(EntriesSpec.Values.SLUICE, Optional.empty(), "UTF-8")));
    }

    @Test
    void tlsModesMapWithAndWithoutACaFile() {
        assertEquals(TlsConfig.DISABLED,
                DestinationSettings.tls(new SourceSpec.Tls("disabled", Optional.empty())));
        TlsConfig jdkTrust = DestinationSettings.tls(
                new SourceSpec.Tls("verify-identity", Optional.empty()));
        assertEquals(TlsMode.VERIFY_IDENTITY, jdkTrust.mode());
        assertEquals(null, jdkTrust.caCertificateFile());
        TlsConfig withCa = DestinationSettings.tls(
                new SourceSpec.Tls("verify-ca", Optional.of("/etc/ssl/ca.pem")));
        assertEquals(Path.of("/etc/ssl/ca.pem"), withCa.caCertificateFile());
    }
}
