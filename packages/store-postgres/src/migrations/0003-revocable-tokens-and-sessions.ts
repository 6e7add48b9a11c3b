import { sql, type Migration } from 'kysely';

/**
 * Revocable API tokens and server-side admin sessions: tokens get a numeric id (to list and
 * revoke them by, existing tokens numbered in creation order), an optional expiry and a last-used
 * time; signed-in admin sessions get a table, read by primary key on every admin request.
 * `schema` is a validated identifier.
 */
export function revocableTokensAndSessions(schema: string): Migration {
  const s = `"${schema}"`;
  return {
    async up(db) {
      const statements = [
        // Migrations are not queries answering a request: no time budget (this transaction only).
        `set local statement_timeout = 0`,
        `create sequence ${s}.api_tokens_id_seq`,
        `alter table ${s}.api_tokens add column id bigint`,
        `update ${s}.api_tokens t set id = n.id
           from (select token_hash, nextval('${s}.api_tokens_id_seq') as id
                 from (select token_hash from ${s}.api_tokens order by created_at, token_hash) o) n
           where t.token_hash = n.token_hash`,
        `alter table ${s}.api_tokens alter column id set default nextval('${s}.api_tokens_id_seq'),
           alter column id set not null,
           add column expires_at timestamptz,
           add column last_used_at timestamptz,
           add constraint api_tokens_id_key unique (id)`,
        `alter sequence ${s}.api_tokens_id_seq owned by ${s}.api_tokens.id`,
        `create index api_tokens_user_id on ${s}.api_tokens (user_id)`,
        `create table ${s}.admin_sessions (
           id_hash text primary key,
           user_id bigint not null references ${s}.users (id) on delete cascade,
           token_hash text,
           created_at timestamptz not null,
           expires_at timestamptz not null
         )`,
        `create index admin_sessions_user_id on ${s}.admin_sessions (user_id)`,
        `create index admin_sessions_token_hash on ${s}.admin_sessions (token_hash) where token_hash is not null`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
    async down(db) {
      const statements = [
        `drop table if exists ${s}.admin_sessions`,
        `drop index if exists ${s}.api_tokens_user_id`,
        `alter table ${s}.api_tokens drop column id, drop column expires_at, drop column last_used_at`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
