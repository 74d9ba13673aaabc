package io.sluice.node.mysql;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The global privileges a user holds, read from SHOW GRANTS, and whether they allow reading the binlog.
 *
 * <p>Only grants {@code ON *.*} count: the replication privileges are global. Names differ by version: MariaDB 10.5
 * renamed REPLICATION CLIENT to BINLOG MONITOR (and SHOW GRANTS prints the new name), and both flavors accept
 * REPLICATION REPLICA for REPLICATION SLAVE. ALL PRIVILEGES covers everything. Privileges that come through roles are
 * not visible in plain SHOW GRANTS output; {@link #hasRoles()} tells the caller to warn rather than fail.
 */
final class ReplicationGrants {
    private static final String ALL = "ALL PRIVILEGES";

    private final Set<String> globalPrivileges;
    private final boolean roles;

    private ReplicationGrants(Set<String> globalPrivileges, boolean roles) {
        this.globalPrivileges = globalPrivileges;
        this.roles = roles;
    }

    /** Reads the lines SHOW GRANTS returns, e.g. {@code GRANT SELECT, REPLICATION SLAVE ON *.* TO `repl`@`%` ...}. */
    static ReplicationGrants parse(List<String> grantLines) {
        Set<String> privileges = new HashSet<>();
        boolean roles = false;
        for (String line : grantLines) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("GRANT ")) {
                continue;
            }
            int on = upper.indexOf(" ON ");
            int to = upper.indexOf(" TO ");
            if (on < 0 || (to >= 0 && to < on)) {
                roles = true; // GRANT `role` TO `user`: privileges arrive through a role
                continue;
            }
            String object = line.substring(on + 4, to > on ? to : line.length()).trim();
            if (!object.equals("*.*")) {
                continue;
            }
            for (String privilege : line.substring("GRANT ".length(), on).split(",")) {
                String name = privilege.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                privileges.add(name.equals("ALL") ? ALL : name);
            }
        }
        return new ReplicationGrants(privileges, roles);
    }

    /** REPLICATION SLAVE: needed for COM_REGISTER_SLAVE and the binlog dump. */
    boolean canDumpBinlog() {
        return has(ALL) || has("REPLICATION SLAVE") || has("REPLICATION REPLICA");
    }

    /**
     * REPLICATION CLIENT (BINLOG MONITOR on MariaDB 10.5+): needed for SHOW MASTER STATUS and SHOW BINARY LOGS. On
     * MySQL SUPER also allows them; on MariaDB 10.5+ SUPER no longer does.
     */
    boolean canMonitorBinlog(ServerVersion version) {
        return has(ALL) || has("REPLICATION CLIENT") || has("BINLOG MONITOR") || (version.isMysql() && has("SUPER"));
    }

    boolean hasRoles() {
        return roles;
    }

    private boolean has(String privilege) {
        return globalPrivileges.contains(privilege);
    }

    @Override
    public String toString() {
        return "ReplicationGrants" + globalPrivileges + (roles ? " + roles" : "");
    }
}
