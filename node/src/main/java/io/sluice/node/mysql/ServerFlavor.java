package io.sluice.node.mysql;

/** Which server family a source is; they differ in GTIDs, dump options and some statements. */
public enum ServerFlavor {
    MYSQL,
    MARIADB
}
