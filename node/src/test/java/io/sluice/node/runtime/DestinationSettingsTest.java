package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sluice.common.config.EntriesSpec;
import io.sluice.node.entry.EntryOptions;

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
}
