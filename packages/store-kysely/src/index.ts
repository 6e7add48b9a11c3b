/**
 * @tessera/store-kysely — the SQL store layer Tessera's Kysely stores share: the ticket row
 * mapping derived from core's field catalogue, the list filters, ordering with null placement,
 * the running-totals test and the domain predicates as SQL. A dialect module supplies only what
 * differs between databases (see {@link StoreDialect}).
 */
export type { StoreDialect } from './dialect.js';
export {
  EPOCH_MS_CODEC,
  INTEGER_BOOLEAN_CODEC,
  NATIVE_CODEC,
  TAGS_CODEC,
  type KindCodecs,
  type ValueCodec,
} from './codecs.js';
export { createTicketRowCodec, PRIORITY_RANK_COLUMN, type TicketRowCodec } from './ticket-row.js';
export { openStatusSql, priorityRankSql, sqlString, sqlStringList } from './predicates.js';
export { orderColumn, orderTerms, ticketConditions, type ConditionOptions } from './ticket-filter.js';
export { activeFilterKeys, totalsAnswer, TOTALS_DIMENSIONS } from './running-totals.js';
export {
  createActivityRowCodec,
  type ActivityRowCodec,
  type AttachmentColumns,
  type AttachmentRow,
  type CommentColumns,
  type CustomerColumns,
  type HistoryColumns,
  type UserColumns,
  type CommentRow,
  type HistoryRow,
} from './activity-rows.js';
export {
  SLA_STATISTICS_COLUMNS,
  SLA_TARGET_COLUMNS,
  SLA_BREACH_AT_COLUMN,
  booleanLiteral,
  slaConditions,
  slaExpressions,
  slaIndexes,
  slaPendingSql,
  slaStatisticsSelections,
  toSlaStatistics,
  type SlaTargetName,
} from './sla-sql.js';
export { createSqlSlaStore, type SlaDatabase, type SlaSqlDialect } from './sla-store.js';
export {
  createSqlDirectory,
  type DirectoryDatabase,
  type DirectorySqlDialect,
  type DirectoryTableNames,
} from './directory-sql.js';
export { createSlaBreachQueries, type SlaBreachQueries } from './sla-breaches.js';
export {
  SLA_TOTALS_COLUMNS,
  breachedCountPlan,
  recordedBreachLiteral,
  slaPastDueCondition,
  slaStatisticsFromTotals,
  slaTotalsConditions,
  slaUnrecordedBreachCondition,
  type BreachedCountPlan,
  type SlaTotals,
  type SlaTotalsColumn,
  type SlaTotalsTable,
} from './sla-totals.js';
export type {
  AdminSessionsTable,
  ApiTokensTable,
  AttachmentsTable,
  CommentsTable,
  CountersTable,
  CustomersTable,
  HistoryTable,
  SharedTableNames,
  SlaCalendarsTable,
  SlaPoliciesTable,
  TicketsTable,
  UsersTable,
} from './tables.js';
export { after, fixedQuery, mapErrors, type MaybePromise, type SharedQuerySetup, type SqlConnection, type SqlRunner } from './runner.js';
export { createTicketQueries, type TicketQueries } from './ticket-queries.js';
export { createActivityQueries, type ActivityQueries } from './activity-queries.js';
export { createTicketActivityQuery, type TicketActivityQuery } from './ticket-activity.js';
export { assembleStatistics, mineCondition, type StatisticsParts } from './statistics.js';
export { percentilesQuery, toStorePercentiles } from './percentiles.js';
export {
  decodeNullable,
  encodeNullable,
  JSON_CODEC,
  queryRows,
  type WebhookDatabase,
  type WebhookSqlDialect,
  type WebhookTableNames,
} from './webhooks/sql-session.js';
export { insertOutboxEvents } from './webhooks/outbox-sql.js';
export { createSqlWebhookStore } from './webhooks/webhook-store.js';
export { createSqlIdempotency } from './webhooks/idempotency-sql.js';
export { coalesceReads } from './coalesce.js';
