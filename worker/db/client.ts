import { type Column, getTableName, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

/** What one request did to D1: round trips (a query or a batch each), time spent waiting, and rows batches read. */
export interface D1Meter {
  roundTrips: number;
  milliseconds: number;
  /** Rows D1 reported reading for batches (the reads that matter); never sent to clients. */
  rowsRead: number;
}

export type Database = ReturnType<typeof drizzle<typeof schema>>;

/** A request's database: drizzle over one D1 session, metered, with the session's bookmark. */
export interface RequestDatabase {
  db: Database;
  meter: D1Meter;
  bookmark(): string | null;
}

/**
 * Opens a D1 session for one request. Reads may be served by the nearest read replica; passing the
 * bookmark a reader got from an earlier write makes the session at least as new as that write, so a
 * reader always sees their own comment. Writes pass "first-primary".
 */
export function openDatabase(d1: D1Database, constraintOrBookmark: string): RequestDatabase {
  const session = d1.withSession(constraintOrBookmark);
  const meter: D1Meter = { roundTrips: 0, milliseconds: 0, rowsRead: 0 };
  const metered = meterSession(session, meter);
  return {
    db: drizzle(metered as unknown as D1Database, { schema }),
    meter,
    bookmark: () => session.getBookmark(),
  };
}

const innerStatement = new WeakMap<object, D1PreparedStatement>();

async function timed<T>(meter: D1Meter, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  meter.roundTrips++;
  try {
    return await work();
  } finally {
    meter.milliseconds += performance.now() - started;
  }
}

function meterStatement(statement: D1PreparedStatement, meter: D1Meter): D1PreparedStatement {
  const wrapper = {
    bind: (...values: unknown[]) => meterStatement(statement.bind(...values), meter),
    first: (column?: string) => timed(meter, () => (column ? statement.first(column) : statement.first())),
    run: () => timed(meter, () => statement.run()),
    all: () => timed(meter, () => statement.all()),
    raw: (options?: { columnNames?: boolean }) =>
      timed(meter, () => statement.raw(options as { columnNames: true }) as Promise<unknown[]>),
  };
  innerStatement.set(wrapper, statement);
  return wrapper as unknown as D1PreparedStatement;
}

function meterSession(session: D1DatabaseSession, meter: D1Meter) {
  return {
    prepare: (query: string) => meterStatement(session.prepare(query), meter),
    batch: (statements: D1PreparedStatement[]) =>
      timed(meter, async () => {
        const results = await session.batch(statements.map((statement) => innerStatement.get(statement) ?? statement));
        for (const result of results) meter.rowsRead += result.meta?.rows_read ?? 0;
        return results;
      }),
  };
}

const dialect = new SQLiteAsyncDialect();

/**
 * Runs `sql` statements as one D1 batch (one transaction, one round trip) and returns each one's
 * rows. (drizzle's own batch cannot take raw statements with parameters.)
 */
export async function batchRows(db: Database, statements: readonly SQL[]): Promise<unknown[][]> {
  const client = db.$client;
  const prepared = statements.map((statement) => {
    const query = dialect.sqlToQuery(statement);
    return client.prepare(query.sql).bind(...query.params);
  });
  const results = await client.batch(prepared);
  return results.map((result) => result.results ?? []);
}

/**
 * `"table"."column"`, for a column of the outer query inside a subquery: drizzle names a column of a
 * single-table select without its table, and inside a subquery on another table that name would be
 * that table's own column (`reactions.thread_id = thread_id` is always true, and reads every
 * reaction of every site for each comment).
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
