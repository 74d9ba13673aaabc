package io.sluice.node.mysql;

import java.util.Objects;

/**
 * One binlog file of the source, as SHOW BINARY LOGS lists it.
 *
 * @param name file name, e.g. {@code mysql-bin.000003}
 * @param size its size in bytes now (the last file keeps growing)
 */
public record BinlogFile(String name, long size) {
    public BinlogFile {
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("binlog file size must not be negative: " + name + " " + size);
        }
    }
}
