import { sql, type Kysely, type Migration } from 'kysely';

/** Migrations never change once released: a later one alters what an earlier one made. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('links')
      .addColumn('link_id', 'uuid', (col) => col.primaryKey())
      .addColumn('principal_id', 'text', (col) => col.notNull())
      .addColumn('external_id', 'text')
      .addColumn('access_mode', 'text')
      .addColumn('status', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull())
      .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
      .execute();
    await db.schema.createIndex('links_by_principal').on('links').columns(['principal_id', 'seq']).execute();

    await db.schema
      .createTable('link_events')
      .addColumn('cursor', 'bigserial', (col) => col.primaryKey())
      .addColumn('webhook_id', 'text', (col) => col.notNull().unique())
      .addColumn('link_id', 'uuid', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('received_at', 'timestamptz', (col) => col.notNull())
      .addColumn('process_type', 'text')
      .addColumn('request_id', 'text')
      .addColumn('external_id', 'text')
      .addColumn('count', 'integer')
      .addColumn('error', 'jsonb')
      .addColumn('new_since', 'text')
      .addColumn('published_at', 'timestamptz')
      .addColumn('claimed_at', 'timestamptz', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('link_events_by_link')
      .on('link_events')
      .columns(['link_id', 'cursor'])
      .execute();
    await db.schema.createIndex('link_events_by_age').on('link_events').column('received_at').execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('principal_id', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('fingerprint', 'text', (col) => col.notNull())
      .addColumn('external_id', 'text', (col) => col.notNull())
      .addColumn('link_id', 'uuid')
      .addColumn('claimed_at', 'timestamptz', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal_id', 'key'])
      .execute();

    await db.schema
      .createTable('log_horizon')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('pruned_through', 'bigint', (col) => col.notNull())
      .execute();
    await sql`insert into log_horizon (id, pruned_through) values (1, 0)`.execute(db);
  },
};
