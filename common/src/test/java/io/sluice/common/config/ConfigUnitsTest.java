package io.sluice.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigUnitsTest {

    @Test
    void sizesAreBinary() {
        assertEquals(1024, ConfigUnits.parseSize("1KB"));
        assertEquals(1024, ConfigUnits.parseSize("1kib"));
        assertEquals(256L << 20, ConfigUnits.parseSize("256MB"));
        assertEquals(2L << 30, ConfigUnits.parseSize("2 GB"));
        assertEquals(5L << 40, ConfigUnits.parseSize("5TB"));
        assertEquals(17, ConfigUnits.parseSize("17"));
        assertEquals(17, ConfigUnits.parseSize("17B"));
        assertThrows(IllegalArgumentException.class, () -> ConfigUnits.parseSize("1.5GB"));
        assertThrows(IllegalArgumentException.class, () -> ConfigUnits.parseSize("1PB"));
        assertThrows(IllegalArgumentException.class, () -> ConfigUnits.parseSize("9999999999TB"));
        assertEquals("256MB", ConfigUnits.formatSize(256L << 20));
        assertEquals("1025B", ConfigUnits.formatSize(1025));
    }

    @Test
    void durationsNeedAUnit() {
        assertEquals(Duration.ofMillis(100), ConfigUnits.parseDuration("100ms"));
        assertEquals(Duration.ofDays(7), ConfigUnits.parseDuration("7d"));
        assertEquals(Duration.ofMinutes(15), ConfigUnits.parseDuration("15m"));
        assertThrows(IllegalArgumentException.class, () -> ConfigUnits.parseDuration("100"));
        assertThrows(IllegalArgumentException.class, () -> ConfigUnits.parseDuration("1w"));
        assertEquals("7d", ConfigUnits.formatDuration(Duration.ofDays(7)));
        assertEquals("1500ms", ConfigUnits.formatDuration(Duration.ofMillis(1500)));
        assertEquals("90s", ConfigUnits.formatDuration(Duration.ofSeconds(90)));
    }

    @Test
    void envReferencesResolveAndNameWhatIsMissing() {
        Map<String, String> env = Map.of("A", "x", "B_2", "y");
        assertEquals("x-y-$", EnvReferences.resolve("${A}-${B_2}-$$", env::get, "f", "k"));
        assertEquals("plain", EnvReferences.resolve("plain", env::get, "f", "k"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnvReferences.resolve("${MISSING}", env::get, "node.yaml", "users[0].password"));
        assertEquals("node.yaml: users[0].password: environment variable MISSING is not set; set it before starting,"
                + " or write the value without ${...}", e.getMessage());
        assertThrows(ConfigException.class, () -> EnvReferences.check("${A", "f", "k"));
        assertThrows(ConfigException.class, () -> EnvReferences.check("${1A}", "f", "k"));
    }
}
