/**
 * How the bench's throwaway MariaDB runs, for both the register runs and the database ceiling.
 *
 * Durable commits, as a production server runs: a 200 means the row is on disk, and the
 * database ceiling pays the same price. A buffer pool and a redo log of 1 GiB, as a server
 * with memory to spare is given: with MariaDB's 128 MiB defaults the tables outgrow the pool
 * and the redo log fills within a few runs, so each run measured the database's state after
 * the previous ones (register throughput fell by a third from one run to the third, and p99
 * doubled) rather than the code.
 */
export const DB_SERVER_ARGS = [
  '--innodb-flush-log-at-trx-commit=1',
  '--innodb-buffer-pool-size=1G',
  '--innodb-log-file-size=1G',
];

export const DB_SETTINGS_TEXT =
  '`innodb_flush_log_at_trx_commit=1` (durable), 1 GiB buffer pool, 1 GiB redo log, binlog off';
