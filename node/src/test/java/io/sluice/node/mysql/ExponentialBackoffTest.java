package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void doublesFrom100MsAndStopsAt30Seconds() {
        ExponentialBackoff backoff = ExponentialBackoff.DEFAULT;
        assertEquals(Duration.ofMillis(100), backoff.delayBefore(1));
        assertEquals(Duration.ofMillis(200), backoff.delayBefore(2));
        assertEquals(Duration.ofMillis(400), backoff.delayBefore(3));
        assertEquals(Duration.ofMillis(25_600), backoff.delayBefore(9));
        assertEquals(Duration.ofSeconds(30), backoff.delayBefore(10));
        assertEquals(Duration.ofSeconds(30), backoff.delayBefore(10_000), "no overflow for long outages");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2));
        assertTrue(e.getMessage().contains("PT1S") && e.getMessage().contains("PT5S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1), 2));
        assertThrows(IllegalArgumentException.class,
                () -> new ExponentialBackoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5));
        assertThrows(IllegalArgumentException.class, () -> ExponentialBackoff.DEFAULT.delayBefore(0));
    }
}
