import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A deleted link keeps its registry row (who owned it) and its deletion notice in the log for as
 * long as the log keeps events: a subscriber that resumes after the deletion is told `LinkDeleted`
 * instead of `NOT_FOUND`, and only its owner is told (for anyone else a deleted link still looks
 * like one that never existed). Everything else about the link is purged at deletion, as before;
 * retention drops the row and the notice after `EVENT_RETENTION_DAYS`.
 */
export const deletedLinks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table links add column deleted_at timestamptz`.execute(db);
    await sql`create index links_deleted on links (deleted_at) where deleted_at is not null`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index links_deleted`.execute(db);
    await sql`alter table links drop column deleted_at`.execute(db);
  },
};
