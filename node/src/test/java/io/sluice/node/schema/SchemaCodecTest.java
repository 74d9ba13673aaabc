package io.sluice.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SchemaCodecTest {
    private static SchemaSnapshot sample() throws Exception {
        SchemaHistory h = new SchemaHistory(SchemaSnapshot.of(new ServerDefaults("utf8mb4", "utf8mb4_0900_ai_ci",
                false, 2, ServerDefaults.Flavor.MYSQL, Map.of("utf8mb4", "utf8mb4_0900_ai_ci")),
                List.of(new DatabaseDefinition("app", "utf8mb4", "utf8mb4_0900_ai_ci")), List.of()), t -> true);
        h.apply("CREATE TABLE t (id bigint unsigned primary key, s varchar(5) charset latin1, "
                + "e enum('a','b''c','ü') not null, g int as (id + 1) virtual invisible, b blob, ts timestamp)", "app");
        h.apply("CREATE TABLE `ünï`.`x y` (a int)", "app");
        return h.snapshot();
    }

    @Test
    void roundTrips() throws Exception {
        SchemaSnapshot s = sample();
        byte[] bytes = SchemaCodec.encode(s);
        assertEquals(s, SchemaCodec.decode(bytes));
        assertEquals(SchemaCodec.VERSION, bytes[4]);
        SchemaSnapshot empty = SchemaSnapshot.of(ServerDefaults.mariaDb(), List.of(), List.of());
        assertEquals(empty, SchemaCodec.decode(SchemaCodec.encode(empty)));
    }

    @Test
    void refusesOtherVersionsCorruptionAndTruncation() throws Exception {
        byte[] bytes = SchemaCodec.encode(sample());
        byte[] v2 = bytes.clone();
        v2[4] = 2;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SchemaCodec.decode(v2)).getMessage()
                .contains("version 2"));
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = bytes.clone();
            int at = 5 + random.nextInt(junk.length - 5);
            junk[at] ^= (byte) (1 + random.nextInt(255));
            assertThrows(IllegalArgumentException.class, () -> SchemaCodec.decode(junk), "flip at " + at);
            byte[] cut = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            assertThrows(IllegalArgumentException.class, () -> SchemaCodec.decode(cut));
        }
    }
}
