/**
 * How repositories run SQL: raw Kysely `sql` templates (parameters compiled to `?` or `$n` for
 * the dialect), on the current transaction when there is one. The transaction travels in an
 * AsyncLocalStorage, so a repository method called inside `tx` joins it without being passed it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import type { Database, Dialect } from './database.ts';

// Kysely<any>: the queries are raw templates typed at their call sites.
type Executor = Kysely<any> | Transaction<any>;

export interface Sql {
  dialect: Dialect;
  /** Every row of a query. */
  all<R>(query: RawBuilder<R>): Promise<R[]>;
  /** The first row, if any. */
  one<R>(query: RawBuilder<R>): Promise<R | undefined>;
  /** Run a statement; returns how many rows it inserted, updated or deleted. */
  run(query: RawBuilder<unknown>): Promise<number>;
  /**
   * Run `fn` in one transaction; a call inside another transaction joins it. On SQLite the one
   * connection is held until it ends, so every other query waits (the embedded store is
   * serialised, as it always was); on PostgreSQL it holds one pooled connection.
   */
  tx<T>(fn: () => Promise<T>): Promise<T>;
  /** Inside a transaction right now? */
  inTx(): boolean;
}

export function createSql(database: Database): Sql {
  const current = new AsyncLocalStorage<Executor>();
  const exec = (): Executor => current.getStore() ?? database.kysely;
  return {
    dialect: database.dialect,
    async all(query) {
      return (await query.execute(exec())).rows;
    },
    async one(query) {
      return (await query.execute(exec())).rows[0];
    },
    async run(query) {
      const r = await query.execute(exec());
      return Number(r.numAffectedRows ?? 0n);
    },
    async tx(fn) {
      if (current.getStore()) return fn();
      return database.kysely.transaction().execute((trx) => current.run(trx, fn));
    },
    inTx: () => current.getStore() !== undefined,
  };
}
