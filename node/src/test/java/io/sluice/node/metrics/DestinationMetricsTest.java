package io.sluice.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

class DestinationMetricsTest {
    private static final long T0 = 1_700_000_000_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final TestClock clock = new TestClock(T0);
    private final AtomicLong storeBytes = new AtomicLong();
    private final AtomicLong headSequence = new AtomicLong();

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private final AtomicLong millis;

        TestClock(long millis) {
            this.millis = new AtomicLong(millis);
        }

        void set(long value) {
            millis.set(value);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private DestinationMetrics metrics(String destination) {
        return new DestinationMetrics(registry, destination, clock, storeBytes::get, headSequence::get);
    }

    private Object gauge(String metric) {
        Gauge<?> gauge = registry.getGauges().get(MetricNames.destination("example", metric));
        if (gauge == null) {
            throw new AssertionError("no gauge " + metric + " in " + registry.getNames());
        }
        return gauge.getValue();
    }

    private long meter(String metric) {
        return registry.getMeters().get(MetricNames.destination("example", metric)).getCount();
    }

    @Test
    void registersEveryDestinationMetricAndCloseRemovesThem() {
        DestinationMetrics metrics = metrics("example");

        assertEquals(Set.of("sluice.destination.example.events", "sluice.destination.example.rows",
                "sluice.destination.example.bytes", "sluice.destination.example.entries",
                "sluice.destination.example.source.delay.ms", "sluice.destination.example.source.binlog.file",
                "sluice.destination.example.source.binlog.offset", "sluice.destination.example.store.bytes",
                "sluice.destination.example.store.head.sequence", "sluice.destination.example.running"),
                registry.getNames());
        assertEquals(4, registry.getMeters().size());
        assertEquals(6, registry.getGauges().size());

        metrics.close();
        assertEquals(Set.of(), registry.getNames());
        metrics.close();
    }

    @Test
    void sourceGaugesAreMinusOneBeforeTheFirstEvent() {
        DestinationMetrics metrics = metrics("example");

        assertEquals(-1L, gauge(MetricNames.SOURCE_DELAY_MS));
        assertEquals(-1L, gauge(MetricNames.SOURCE_BINLOG_FILE));
        assertEquals(-1L, gauge(MetricNames.SOURCE_BINLOG_OFFSET));
        assertEquals(-1L, metrics.sourceDelayMillis());
        assertEquals(0, gauge(MetricNames.RUNNING));
    }

    @Test
    void anEventMovesMetersPositionAndDelay() {
        DestinationMetrics metrics = metrics("example");

        metrics.onEvent(100, T0 - 1500, "mysql-bin.000042", 1234);
        metrics.onEvent(60, T0 - 1000, "mysql-bin.000042", 1334);

        assertEquals(2, meter(MetricNames.EVENTS));
        assertEquals(160, meter(MetricNames.BYTES));
        assertEquals(42L, gauge(MetricNames.SOURCE_BINLOG_FILE));
        assertEquals(1334L, gauge(MetricNames.SOURCE_BINLOG_OFFSET));
        assertEquals(1000L, gauge(MetricNames.SOURCE_DELAY_MS));

        clock.set(T0 + 4000);
        assertEquals(5000L, gauge(MetricNames.SOURCE_DELAY_MS));
    }

    @Test
    void rotationChangesTheFileNumber() {
        DestinationMetrics metrics = metrics("example");
        metrics.onEvent(100, T0, "mysql-bin.000042", 1234);

        metrics.onEvent(40, T0, "mysql-bin.000043", 4);

        assertEquals(43L, gauge(MetricNames.SOURCE_BINLOG_FILE));
        assertEquals(4L, gauge(MetricNames.SOURCE_BINLOG_OFFSET));
    }

    @Test
    void delayIsNeverNegativeWhenTheSourceClockIsAhead() {
        DestinationMetrics metrics = metrics("example");

        metrics.onEvent(100, T0 + 3000, "mysql-bin.000001", 4);

        assertEquals(0L, gauge(MetricNames.SOURCE_DELAY_MS));
    }

    @Test
    void rowsEntriesAndRunningAreCounted() {
        DestinationMetrics metrics = metrics("example");

        metrics.onRows(5);
        metrics.onRows(7);
        metrics.onEntries(3);
        metrics.setRunning(true);

        assertEquals(12, meter(MetricNames.ROWS));
        assertEquals(3, meter(MetricNames.ENTRIES));
        assertEquals(1, gauge(MetricNames.RUNNING));

        metrics.setRunning(false);
        assertEquals(0, gauge(MetricNames.RUNNING));
    }

    @Test
    void storeGaugesAreReadWhenScraped() {
        metrics("example");
        storeBytes.set(4096);
        headSequence.set(17);

        assertEquals(4096L, gauge(MetricNames.STORE_BYTES));
        assertEquals(17L, gauge(MetricNames.STORE_HEAD_SEQUENCE));

        headSequence.set(18);
        assertEquals(18L, gauge(MetricNames.STORE_HEAD_SEQUENCE));
    }

    @Test
    void aSecondInstanceForTheSameDestinationIsRefusedAndLeavesTheFirstIntact() {
        DestinationMetrics first = metrics("example");
        first.onEvent(100, T0, "mysql-bin.000042", 1234);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics("example"));

        assertTrue(e.getMessage().contains("sluice.destination.example.events is already registered"),
                e.getMessage());
        assertEquals(10, registry.getNames().size());
        assertEquals(1, meter(MetricNames.EVENTS));
    }

    @Test
    void destinationsAreKeptApart() {
        DestinationMetrics example = metrics("example");
        DestinationMetrics other = metrics("other");

        other.onEvent(10, T0, "mysql-bin.000007", 99);
        other.close();

        assertEquals(0, meter(MetricNames.EVENTS));
        assertEquals(10, registry.getNames().size());
        example.close();
    }

    @Test
    void aDestinationNameMustBeALabel() {
        assertThrows(IllegalArgumentException.class, () -> metrics("a.b"));
        assertThrows(IllegalArgumentException.class, () -> metrics(""));
        assertEquals(Set.of(), registry.getNames());
    }

    @Test
    void binlogFileNumberIsTheNumericSuffix() {
        assertEquals(42, DestinationMetrics.binlogFileNumber("mysql-bin.000042"));
        assertEquals(1, DestinationMetrics.binlogFileNumber("binlog.1"));
        assertEquals(1_000_000, DestinationMetrics.binlogFileNumber("my.host-bin.1000000"));
        assertEquals(-1, DestinationMetrics.binlogFileNumber("mysql-bin"));
        assertEquals(-1, DestinationMetrics.binlogFileNumber("mysql-bin."));
        assertEquals(-1, DestinationMetrics.binlogFileNumber("mysql-bin.00004a"));
        assertEquals(-1, DestinationMetrics.binlogFileNumber("mysql-bin.0000000000000000000042"));
    }
}
