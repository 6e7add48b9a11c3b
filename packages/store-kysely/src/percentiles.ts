import { sql, type CompiledQuery, type Kysely, type SelectQueryBuilder } from 'kysely';
import { PERCENTILE_SCALE, TICKET_FIELDS, type StorePercentiles } from '@tessera/core';
import type { StoreDialect } from './dialect.js';

// Core's nearest-rank rule (`nearestRank`: rank ⌈h × n / 10000⌉ on hundredths of a percent) as one
// SQL statement both dialects run: one snapshot, no rows brought to the client but the answers.
// Integer division on non-negative integers truncates alike in SQLite and PostgreSQL, so the
// rank is exactly core's. `percentile_cont`/`percentile_disc` are PostgreSQL-only, and
// `percentile_disc`'s float fraction could land one rank off core's at exact boundaries.

const CREATED = TICKET_FIELDS.createdAt.column;
const RESPONDED = TICKET_FIELDS.firstResponseAt.column;
const RESOLVED = TICKET_FIELDS.resolvedAt.column;

/** One row of the answer: `kind` 0 = the counts (`a` tickets, `b` responded, `c` resolved); 1/2 = a first-response/resolution value `a` (ms) at percentile `h`. */
interface PercentileRow {
  kind: number | string;
  h: number | string | null;
  a: number | string | null;
  b: number | string | null;
  c: number | string | null;
}

/**
 * The statement answering `percentiles` over `source` — the FROM and WHERE of the matching
 * tickets, columns qualified by `qualifier` (`"t."` or `""`). The matching rows' two durations are
 * materialized once; each duration's non-null values are numbered in ascending order (one sort)
 * and the row at each requested rank is joined out.
 */
export function percentilesQuery(
  dialect: StoreDialect,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any: each store's own table types
  builder: Kysely<any>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any: each store's own table types
  source: SelectQueryBuilder<any, any, object>,
  qualifier: string,
  hundredths: readonly number[],
): CompiledQuery<PercentileRow> {
  for (const h of hundredths) {
    if (!Number.isInteger(h) || h < 1 || h > PERCENTILE_SCALE) throw new RangeError(`percentile hundredths must be integers 1…${PERCENTILE_SCALE}, got ${h}`);
  }
  const q = qualifier;
  const durations = source.select([
    dialect.elapsedMs(`${q}${CREATED}`, `${q}${RESPONDED}`).as('fr'),
    dialect.elapsedMs(`${q}${CREATED}`, `${q}${RESOLVED}`).as('res'),
  ]);
  const asked =
    hundredths.length === 0
      ? sql`SELECT CAST(NULL AS INTEGER) AS h WHERE 1 = 0`
      : sql.join(hundredths.map((h) => sql`SELECT CAST(${h} AS INTEGER) AS h`), sql` UNION ALL `);
  const scale = sql.lit(PERCENTILE_SCALE);
  const roundUp = sql.lit(PERCENTILE_SCALE - 1);
  // Kysely parenthesizes an embedded query, which a CTE body cannot be: select from it instead.
  return sql<PercentileRow>`WITH d AS MATERIALIZED (SELECT fr, res FROM ${durations} AS m),
n AS (SELECT count(*) AS tickets, count(fr) AS fr_n, count(res) AS res_n FROM d),
q AS (${asked}),
fr AS (SELECT fr AS ms, row_number() OVER (ORDER BY fr) AS rn FROM d WHERE fr IS NOT NULL),
res AS (SELECT res AS ms, row_number() OVER (ORDER BY res) AS rn FROM d WHERE res IS NOT NULL)
SELECT 0 AS kind, CAST(NULL AS INTEGER) AS h, n.tickets AS a, n.fr_n AS b, n.res_n AS c FROM n
UNION ALL
SELECT 1, q.h, fr.ms, NULL, NULL FROM q CROSS JOIN n JOIN fr ON fr.rn = (q.h * n.fr_n + ${roundUp}) / ${scale}
UNION ALL
SELECT 2, q.h, res.ms, NULL, NULL FROM q CROSS JOIN n JOIN res ON res.rn = (q.h * n.res_n + ${roundUp}) / ${scale}`.compile(builder);
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** The port's `StorePercentiles` from the rows of {@link percentilesQuery} (PostgreSQL's bigints arrive as strings). */
export function toStorePercentiles(rows: readonly PercentileRow[], hundredths: readonly number[]): StorePercentiles {
  const counts = rows.find((row) => Number(row.kind) === 0);
  const values = (kind: number) => {
    const at = new Map(rows.filter((row) => Number(row.kind) === kind).map((row) => [Number(row.h), num(row.a)]));
    return hundredths.map((h) => at.get(h) ?? null);
  };
  return {
    tickets: num(counts?.a ?? null) ?? 0,
    firstResponse: { count: num(counts?.b ?? null) ?? 0, valuesMs: values(1) },
    resolution: { count: num(counts?.c ?? null) ?? 0, valuesMs: values(2) },
  };
}
