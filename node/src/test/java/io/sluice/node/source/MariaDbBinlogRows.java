package io.sluice.node.source;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sluice.node.binlog.ColumnSpec;
import io.sluice.node.binlog.ColumnType;

/**
 * MariaDB's own decoder as an oracle for row values: runs {@code mariadb-binlog --no-defaults -vvv
 * --base64-output=decode-rows FILE} and parses the pseudo-SQL it prints for each row,
 * <pre>
 * ### UPDATE `db`.`t`
 * ### WHERE
 * ###   @1=1 /* INT meta=0 nullable=0 is_null=0 *&#47;
 * ### SET
 * ###   @1=-1 (4294967295) /* INT meta=0 nullable=1 is_null=0 *&#47;
 * </pre>
 * and translates each printed value into the canonical text it stands for ({@link #canonical}), so that it can be
 * compared with the decoder's text for the same column. The tool prints strings as the stored bytes, so its output
 * is read as ISO-8859-1 (one char per byte) and decoded per column.
 */
final class MariaDbBinlogRows {
    private static final Pattern ROW = Pattern.compile("^### (INSERT INTO|UPDATE|DELETE FROM) `([^`]*)`\\.`([^`]*)`$");
    /** DOTALL: a value is raw bytes read as ISO-8859-1, where 0x85 would otherwise end the match. */
    private static final Pattern VALUE = Pattern.compile("^###   @(\\d+)=(.*)$", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("^/\\* (.*) meta=(\\d+) nullable=(\\d) is_null=(\\d) \\*/$");
    private static final Pattern SIGNED_AND_UNSIGNED = Pattern.compile("^(-\\d+) \\((\\d+)\\)$");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** One value as printed: the text before the type comment, the type the comment names, and is_null. */
    record Printed(String text, String type, boolean isNull) {
    }

    /** One row change as printed. */
    record PrintedRow(String schema, String table, String type, List<Printed> before, List<Printed> after) {
    }

    private MariaDbBinlogRows() {
    }

    /** What the tool printed for one file (stdout and stderr together, one char per byte) and its exit code. */
    record Output(int exitCode, String text) {
        /** Exit code 0 and no "ERROR:" line: the tool read the whole file. */
        boolean readable() {
            return exitCode == 0 && !text.contains("ERROR:");
        }

        String tail() {
            return text.substring(Math.max(0, text.length() - 2000));
        }
    }

    /** True when {@code mariadb-binlog} is an executable on the PATH. */
    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mariadb-binlog"))) {
                return true;
            }
        }
        return false;
    }

    /** Every row change the tool prints for {@code file}, in file order. */
    static List<PrintedRow> read(Path file) throws IOException, InterruptedException {
        Output output = run(file);
        if (!output.readable()) {
            throw new IOException("mariadb-binlog failed on " + file + " (exit " + output.exitCode() + "): "
                    + output.tail());
        }
        return parse(output.text());
    }

    /** Runs the tool on {@code file}, whatever its outcome. */
    static Output run(Path file) throws IOException, InterruptedException {
        Path output = Files.createTempFile("mariadb-binlog-", ".out");
        try {
            Process process = new ProcessBuilder("mariadb-binlog", "--no-defaults", "-vvv",
                    "--base64-output=decode-rows", file.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("mariadb-binlog did not finish on " + file + " within 60 s");
            }
            return new Output(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Parses the printed row changes. An image lists the columns the event carries as {@code @N}, 1-based and
     * ascending; columns an image does not carry (binlog_row_image=MINIMAL or NOBLOB, MySQL's partial images) are
     * skipped in the numbering and stand as null entries in the image's list, which may also end before the table's
     * last column.
     */
    static List<PrintedRow> parse(String output) {
        List<PrintedRow> rows = new ArrayList<>();
        List<Printed> target = null;
        for (String line : output.split("\n")) {
            if (!line.startsWith("### ")) {
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String type = row.group(1).split(" ")[0];
                rows.add(new PrintedRow(row.group(2), row.group(3), type,
                        type.equals("INSERT") ? null : new ArrayList<>(),
                        type.equals("DELETE") ? null : new ArrayList<>()));
                target = null;
                continue;
            }
            PrintedRow current = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (line.equals("### WHERE") && current != null && current.before() != null) {
                target = current.before();
            } else if (line.equals("### SET") && current != null && current.after() != null) {
                target = current.after();
            } else {
                Matcher value = VALUE.matcher(line);
                if (!value.matches() || target == null) {
                    throw new IllegalArgumentException("unexpected mariadb-binlog line: " + abbreviate(line));
                }
                int column = Integer.parseInt(value.group(1));
                if (column <= target.size()) {
                    throw new IllegalArgumentException("column @" + column + " out of order: " + abbreviate(line));
                }
                while (target.size() < column - 1) {
                    target.add(null); // absent from this image
                }
                target.add(printed(value.group(2)));
            }
        }
        return rows;
    }

    private static Printed printed(String valueAndComment) {
        int at = valueAndComment.lastIndexOf(" /* ");
        Matcher comment = at < 0 ? null : COMMENT.matcher(valueAndComment.substring(at + 1));
        if (comment == null || !comment.matches()) {
            throw new IllegalArgumentException("no type comment: " + abbreviate(valueAndComment));
        }
        // FLOAT is printed with printf's "%-20g": padded with spaces on the right.
        return new Printed(valueAndComment.substring(0, at).stripTrailing(), comment.group(1),
                comment.group(4).equals("1"));
    }

    /**
     * The canonical text a printed value stands for, given the decoder's view of the column. Each step undoes one
     * documented difference in how mariadb-binlog (MariaDB 10.11 {@code log_event_print_value}) prints values:
     * <ul>
     * <li>integers: the signed value, and the unsigned one in parentheses when the signed one is negative
     *     ({@code -1 (255)}): the decoder's text is the unsigned one for columns it knows unsigned.</li>
     * <li>FLOAT: {@code %g}, six significant digits: see {@link #agreeingFloat}.</li>
     * <li>DOUBLE: {@code %.20g}: parsed and printed as Java does; 20 digits are more than a double needs to
     *     round-trip, so nothing is lost.</li>
     * <li>BIT and SET: {@code b'0101'} with every bit of the column (SET: of its bytes, in storage order, which is
     *     little-endian, see {@link #littleEndianBits}): SET is turned into labels when the decoder knows them, else
     *     into the unsigned bitmask.</li>
     * <li>ENUM: the 1-based index, turned into the label when the decoder knows the labels.</li>
     * <li>YEAR: {@code 1900 + stored byte}, so the zero year prints as 1900 (not a valid YEAR value otherwise).</li>
     * <li>DATE: {@code 'YYYY:MM:DD'} with colons.</li>
     * <li>TIMESTAMP: seconds since the epoch with the fraction ({@code 1577836800.500000}), 0 for the zero
     *     timestamp: turned into UTC date-time text.</li>
     * <li>DECIMAL: as the decoder prints it, with every scale digit ({@code -12.340}).</li>
     * <li>DATETIME and TIME: quoted, otherwise as the decoder prints them.</li>
     * <li>strings and binaries: the stored bytes in quotes, bytes below 0x20 as {@code \xNN}, quotes and backslashes
     *     raw; decoded with the column's charset, or turned into hex. BINARY(n) is printed without the trailing zero
     *     bytes the server strips when it logs the row: padded back to n.</li>
     * </ul>
     */
    static String canonical(Printed printed, ColumnSpec column) {
        if (printed.isNull()) {
            return null;
        }
        String text = printed.text();
        return switch (column.kind()) {
            case INTEGER -> {
                Matcher both = SIGNED_AND_UNSIGNED.matcher(text);
                yield both.matches() ? both.group(column.isUnsigned() ? 2 : 1) : text;
            }
            case DECIMAL -> text;
            case DATETIME, TIME -> unquote(text);
            case FLOAT -> text;
            case DOUBLE -> Double.toString(Double.parseDouble(text));
            case BIT -> bits(text);
            case YEAR -> text.equals("1900") ? "0000" : text;
            case DATE -> unquote(text).replace(':', '-');
            case TIMESTAMP -> timestamp(text, column.fsp());
            case TEXT, JSON -> new String(bytes(text), column.charset());
            case BYTES, GEOMETRY -> {
                byte[] bytes = bytes(text);
                boolean binaryChar = (column.typeCode() & 0xff) == ColumnType.STRING.code();
                yield TypedColumn.hex(binaryChar ? Arrays.copyOf(bytes, Math.max(bytes.length, column.length()))
                        : bytes);
            }
            case ENUM -> {
                int index = Integer.parseInt(text);
                List<String> labels = column.enumLabels();
                yield labels == null ? text : index == 0 ? "" : labels.get(index - 1);
            }
            case SET -> {
                long mask = Long.parseUnsignedLong(littleEndianBits(bits(text)), 2);
                List<String> labels = column.setLabels();
                if (labels == null) {
                    yield Long.toUnsignedString(mask);
                }
                List<String> members = new ArrayList<>();
                for (int b = 0; b < labels.size(); b++) {
                    if ((mask >>> b & 1) != 0) {
                        members.add(labels.get(b));
                    }
                }
                yield String.join(",", members);
            }
            default -> throw new IllegalArgumentException("no mapping for " + column.describe() + ": " + text);
        };
    }

    /**
     * For FLOAT, which mariadb-binlog prints with six significant digits: the decoder's text if the printed value is
     * the decoder's value rounded to six significant digits (as printf rounds the exact binary value), else the
     * printed text, so that an assertion shows both.
     */
    static String agreeingFloat(String printed, String ours) {
        BigDecimal exact = new BigDecimal((double) Float.parseFloat(ours));
        BigDecimal rounded = exact.round(new MathContext(6, RoundingMode.HALF_EVEN));
        return new BigDecimal(printed).compareTo(rounded) == 0 ? ours : printed;
    }

    /**
     * A SET is stored little-endian, but mariadb-binlog prints its bytes in storage order as one bit string, as if
     * it were a big-endian BIT: member 0 of an 8-byte SET prints as {@code b'00000001' + 56 zeros}. Reverses the
     * order of the bytes, keeping the bits within each.
     */
    private static String littleEndianBits(String bits) {
        StringBuilder reversed = new StringBuilder(bits.length());
        for (int end = bits.length(); end > 0; end -= 8) {
            reversed.append(bits, Math.max(0, end - 8), end);
        }
        return reversed.toString();
    }

    private static String bits(String text) {
        if (!text.startsWith("b'") || !text.endsWith("'")) {
            throw new IllegalArgumentException("not a bit string: " + text);
        }
        return text.substring(2, text.length() - 1);
    }

    private static String timestamp(String text, int fsp) {
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        String fraction = dot < 0 ? "" : "." + text.substring(dot + 1);
        String whole = seconds == 0 ? "0000-00-00 00:00:00"
                : LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC).format(DATE_TIME);
        return whole + (fsp == 0 ? "" : fraction);
    }

    /**
     * The bytes of a quoted value: {@code \xNN} is one byte, every other char one byte (ISO-8859-1). A raw backslash
     * followed by {@code x} and two hex digits would read as an escape too: test data must not hold that sequence.
     */
    static byte[] bytes(String quoted) {
        String inner = unquote(quoted);
        ByteArrayOutputStream out = new ByteArrayOutputStream(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 3 < inner.length() && inner.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(inner.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("'") || !text.endsWith("'")) {
            throw new IllegalArgumentException("not a quoted value: " + abbreviate(text));
        }
        return text.substring(1, text.length() - 1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
