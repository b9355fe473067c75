import { describe, expect, it } from 'vitest';
import { explainDatabaseRefusal } from './connection-failures.js';

const refused = (code: string) => Object.assign(new Error('refused'), { code });

describe('explainDatabaseRefusal', () => {
  it('names the database of the URL, decoded, and never the password', () => {
    const text = explainDatabaseRefusal(refused('3D000'), 'postgres://app:s3cret@db:5432/n%C3%B3mina');
    expect(text).toContain('database "nómina" does not exist');
    expect(explainDatabaseRefusal(refused('28P01'), 'postgres://app:s3cret@db/x')).not.toContain('s3cret');
  });

  it('does not throw on a database name with a bad % escape, or on a URL it cannot parse', () => {
    expect(explainDatabaseRefusal(refused('3D000'), 'postgres://app@db/db%zz')).toContain('database "db%zz"');
    expect(explainDatabaseRefusal(new Error('ECONNREFUSED'), 'postgres://app@db/db%zz')).toBeUndefined();
    expect(explainDatabaseRefusal(refused('3D000'), 'not a url')).toContain('database "postgres"');
  });
});
