package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReplicationGrantsTest {
    private static final ServerVersion MARIADB = ServerVersion.parse("10.11.6-MariaDB");
    private static final ServerVersion MYSQL = ServerVersion.parse("8.0.36");

    @Test
    void mariaDbShowsReplicationClientAsBinlogMonitor() {
        ReplicationGrants grants = ReplicationGrants.parse(List.of(
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `repl`@`%` IDENTIFIED BY PASSWORD '*B69'"));
        assertTrue(grants.canDumpBinlog());
        assertTrue(grants.canMonitorBinlog(MARIADB));
    }

    @Test
    void mysqlReplicationClientAndSuper() {
        assertTrue(ReplicationGrants.parse(List.of("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `r`@`%`"))
                .canMonitorBinlog(MYSQL));
        ReplicationGrants superUser = ReplicationGrants.parse(List.of("GRANT SUPER, REPLICATION SLAVE ON *.* TO `r`@`%`"));
        assertTrue(superUser.canMonitorBinlog(MYSQL));
        assertFalse(superUser.canMonitorBinlog(MARIADB), "MariaDB 10.5+ split BINLOG MONITOR out of SUPER");
    }

    @Test
    void allPrivilegesCoverEverything() {
        ReplicationGrants all = ReplicationGrants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"));
        assertTrue(all.canDumpBinlog());
        assertTrue(all.canMonitorBinlog(MARIADB));
        assertTrue(ReplicationGrants.parse(List.of("grant all on *.* to x")).canDumpBinlog());
    }

    @Test
    void onlyGlobalGrantsCountAndReplicaSlaveAdminIsNotEnough() {
        ReplicationGrants grants = ReplicationGrants.parse(List.of(
                "GRANT USAGE ON *.* TO `app`@`%`",
                "GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`%`",
                "GRANT REPLICATION SLAVE ADMIN ON *.* TO `app`@`%`",
                "GRANT PROXY ON ''@'%' TO `app`@`%`"));
        assertFalse(grants.canDumpBinlog());
        assertFalse(grants.canMonitorBinlog(MARIADB));
        assertFalse(grants.hasRoles());
    }

    @Test
    void roleGrantsAreNoticed() {
        ReplicationGrants grants = ReplicationGrants.parse(List.of("GRANT USAGE ON *.* TO `app`@`%`",
                "GRANT `replicator` TO `app`@`%`"));
        assertTrue(grants.hasRoles());
        assertFalse(grants.canDumpBinlog());
    }

    @Test
    void quotesTheGranteeForAPasteableGrant() {
        assertEquals("'repl'@'%'", SourcePreflight.quoteGrantee("repl@%"));
        assertEquals("'a@b'@'10.0.0.1'", SourcePreflight.quoteGrantee("a@b@10.0.0.1"));
    }
}
