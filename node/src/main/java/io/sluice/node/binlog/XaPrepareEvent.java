package io.sluice.node.binlog;

/**
 * XA_PREPARE (MySQL 5.7.7+, MariaDB 10.5+): ends the events of an XA transaction that was prepared (or committed
 * with XA COMMIT ... ONE PHASE); the XA COMMIT or XA ROLLBACK that finishes it comes later as a QUERY event.
 *
 * @param onePhase whether the transaction was committed in one phase, i.e. is complete
 */
public record XaPrepareEvent(EventHeader header, boolean onePhase, XaId xid) implements BinlogEvent {
}
