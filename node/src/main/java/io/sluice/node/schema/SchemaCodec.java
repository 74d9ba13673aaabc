package io.sluice.node.schema;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Serialises a {@link SchemaSnapshot} to bytes and back, for snapshots stored outside the node. Stateless and
 * thread-safe.
 *
 * <p>Format, all integers big-endian:
 * <pre>
 *   magic      4 bytes  "SLSH"
 *   version    1 byte   1
 *   server     charset, collation: str; explicitDefaultsForTimestamp: u8; lowerCaseTableNames: u8;
 *              flavor: u8 (ordinal of ServerDefaults.Flavor); n: i32, then n × (charset: str, collation: str)
 *   databases  n: i32, then n × (name, charset, collation: str)
 *   tables     n: i32, then n × table
 *   table      schema, name: str; charset, collation: str?; key: i32 n + n × str; columns: i32 n + n × column
 *   column     name, dataType, columnType: str; flags: u8 (1 nullable, 2 unsigned, 4 generated, 8 invisible);
 *              charset, collation: str?; labels: i32 n + n × str
 *   crc        4 bytes  CRC32C of everything before it
 *   str        i32 byte length + UTF-8 bytes; str? uses length -1 for null
 * </pre>
 * A reader refuses a version it does not know, a bad CRC, and lengths that run past the end.
 */
public final class SchemaCodec {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'S', 'L', 'S', 'H'};

    private SchemaCodec() {
    }

    public static byte[] encode(SchemaSnapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            ServerDefaults s = snapshot.server();
            str(out, s.charset());
            str(out, s.collation());
            out.writeByte(s.explicitDefaultsForTimestamp() ? 1 : 0);
            out.writeByte(s.lowerCaseTableNames());
            out.writeByte(s.flavor().ordinal());
            out.writeInt(s.defaultCollations().size());
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(s.defaultCollations()).entrySet()) {
                str(out, e.getKey());
                str(out, e.getValue());
            }
            List<DatabaseDefinition> dbs = snapshot.databases();
            out.writeInt(dbs.size());
            for (DatabaseDefinition d : dbs) {
                str(out, d.name());
                str(out, d.charset());
                str(out, d.collation());
            }
            List<TableDefinition> tables = snapshot.tables();
            out.writeInt(tables.size());
            for (TableDefinition t : tables) {
                str(out, t.schema());
                str(out, t.name());
                str(out, t.charset());
                str(out, t.collation());
                strings(out, t.primaryKey());
                out.writeInt(t.columns().size());
                for (ColumnDefinition c : t.columns()) {
                    str(out, c.name());
                    str(out, c.dataType());
                    str(out, c.columnType());
                    out.writeByte((c.nullable() ? 1 : 0) | (c.unsigned() ? 2 : 0) | (c.generated() ? 4 : 0)
                            | (c.invisible() ? 8 : 0));
                    str(out, c.charset());
                    str(out, c.collation());
                    strings(out, c.labels());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a snapshot this version reads, naming the reason and
     *                                  offset
     */
    public static SchemaSnapshot decode(byte[] bytes) {
        if (bytes.length < MAGIC.length + 1 + 4) {
            throw new IllegalArgumentException("schema snapshot of " + bytes.length + " bytes is too short");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not a schema snapshot: bad magic at offset " + i);
            }
        }
        int version = bytes[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("schema snapshot version " + version + " is not readable by this "
                    + "build, which reads version " + VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("schema snapshot CRC mismatch: stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Long.toHexString(crc.getValue()) + " over " + (bytes.length - 4) + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        in.position(MAGIC.length + 1);
        try {
            String charset = str(in);
            String collation = str(in);
            boolean explicit = in.get() != 0;
            int lctn = in.get() & 0xff;
            int flavor = in.get() & 0xff;
            if (flavor >= ServerDefaults.Flavor.values().length) {
                throw new IllegalArgumentException("unknown flavor " + flavor + " at offset " + (in.position() - 1));
            }
            Map<String, String> collations = new HashMap<>();
            for (int n = count(in); n > 0; n--) {
                collations.put(str(in), str(in));
            }
            ServerDefaults server = new ServerDefaults(charset, collation, explicit, lctn,
                    ServerDefaults.Flavor.values()[flavor], collations);
            List<DatabaseDefinition> dbs = new ArrayList<>();
            for (int n = count(in); n > 0; n--) {
                dbs.add(new DatabaseDefinition(str(in), str(in), str(in)));
            }
            List<TableDefinition> tables = new ArrayList<>();
            for (int n = count(in); n > 0; n--) {
                String schema = str(in);
                String name = str(in);
                String tcs = str(in);
                String tco = str(in);
                List<String> key = strings(in);
                List<ColumnDefinition> columns = new ArrayList<>();
                for (int c = count(in); c > 0; c--) {
                    String cname = str(in);
                    String dataType = str(in);
                    String columnType = str(in);
                    int flags = in.get();
                    columns.add(new ColumnDefinition(cname, dataType, columnType, (flags & 1) != 0, (flags & 2) != 0,
                            str(in), str(in), strings(in), (flags & 4) != 0, (flags & 8) != 0));
                }
                tables.add(new TableDefinition(schema, name, columns, key, tcs, tco));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unread bytes at offset " + in.position());
            }
            return SchemaSnapshot.of(server, dbs, tables);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("schema snapshot truncated at offset " + in.position(), e);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            str(out, s);
        }
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " at offset " + (in.position() - 4) + " exceeds the "
                    + in.remaining() + " bytes left");
        }
        return n;
    }

    private static String str(ByteBuffer in) {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("string length " + n + " at offset " + (in.position() - 4)
                    + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> strings(ByteBuffer in) {
        List<String> list = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            String s = str(in);
            if (s == null) {
                throw new IllegalArgumentException("null in a list at offset " + in.position());
            }
            list.add(s);
        }
        return list;
    }
}
