import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BelvoEmployment } from '../../src/belvo/contract/types.js';
import {
  CreateLinkDocument,
  LinkEmploymentIdsDocument,
  LinkEmploymentsAndIncomeDocument,
  LinkIncomeDocument,
} from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { PEOPLE, asExpected } from './people.js';

/*
 * `Link.incomeProfile` through the real gateway: links created at the simulator, whose employment
 * records are then replaced by the hand-written ones of people.ts (the simulator's own people have
 * no gaps, no two jobs at once and no bad rows), plus one of the simulator's own people.
 */
describe('Link.incomeProfile', () => {
  let gateway: Gateway;
  /** Link id by cédula. */
  const links = new Map<string, string>();
  const SIMULATED = '1020304050';

  const createLink = async (cedula: string) => {
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula } });
    expect(result.errors).toBeUndefined();
    links.set(cedula, result.data!.createLink.link!.id);
  };

  /** Drops what the gateway cached of the link, as a webhook would. */
  const forget = async (linkId: string) => {
    await gateway.app.cache.invalidateLink(linkId);
    gateway.app.cache.changed();
  };

  beforeAll(async () => {
    gateway = await startGateway();
    for (const person of PEOPLE) await createLink(person.cedula);
    await createLink(SIMULATED);
    // Both webhooks of every link landed (each one renews the cached data), then the data is swapped.
    await eventually(
      () =>
        gateway.sandbox.webhooks.attempts.filter((attempt) => attempt.status === 200).length >=
        2 * links.size,
    );
    const world = gateway.sandbox.world;
    for (const person of PEOPLE) {
      const linkId = links.get(person.cedula)!;
      const records = person.records(linkId) as unknown as BelvoEmployment[];
      world.employments = [...world.employments.filter((item) => item.link !== linkId), ...records];
      await forget(linkId);
    }
  });
  afterAll(() => gateway?.stop());

  const recordIds = (linkId: string) =>
    gateway.sandbox.world.employments.filter((item) => item.link === linkId).map((item) => item.id);

  it.each(PEOPLE)(
    'matches the figures worked out by hand for a person who $story',
    async ({ cedula, months, expected }) => {
      const linkId = links.get(cedula)!;
      const result = await gateway.graphql(LinkIncomeDocument, { id: linkId, months });
      const profile = result.data!.link.incomeProfile;
      expect(asExpected(profile, recordIds(linkId))).toEqual(expected);
      // A malformed record: its own error on its own path, and the rest of the answer is there.
      expect(result.errors?.map((error) => [error.path, error.extensions?.code]) ?? []).toEqual(
        expected.malformed.map((index) => [
          ['link', 'incomeProfile', 'employments', index],
          'UPSTREAM_BAD_RESPONSE',
        ]),
      );
    },
  );

  it('names the employer of each source as its records do', async () => {
    const linkId = links.get(PEOPLE[0]!.cedula)!;
    const result = await gateway.graphql(LinkIncomeDocument, { id: linkId, months: 12 });
    const december = result.data!.link.incomeProfile.monthly.at(-1)!;
    expect(
      december.sources.map((source) => [
        source.employerName,
        source.employerIdType,
        source.employerIdTypeRaw,
      ]),
    ).toEqual([
      ['Logística Andina S.A.', 'NIT', 'NIT'],
      ['Consultora Ruiz', 'CC', 'CC'],
    ]);
  });

  it("gives one of the simulator's own people a year of income without gaps, from the job that is current", async () => {
    const linkId = links.get(SIMULATED)!;
    const records = gateway.sandbox.world.employments.filter((item) => item.link === linkId);
    const rows = records.flatMap((record) =>
      (record.salary_and_benefit_details ?? []).map((row) => ({ record: record.id, ...row! })),
    );
    const latest = rows
      .map((row) => row.month!)
      .sort()
      .at(-1)!;
    const result = await gateway.graphql(LinkIncomeDocument, { id: linkId });
    expect(result.errors).toBeUndefined();
    const profile = result.data!.link.incomeProfile;
    expect(profile.asOfMonth).toBe(latest);
    expect(profile.monthly).toHaveLength(12);
    expect(profile.monthly.at(-1)!.month).toBe(latest);
    // The simulator's jobs follow one another over 24 months: one employer a month, every month.
    expect(profile.monthsWithIncome).toBe(12);
    expect(profile.gaps).toEqual([]);
    for (const month of profile.monthly) {
      const [row, ...others] = rows.filter((candidate) => candidate.month === month.month);
      expect(others).toEqual([]);
      expect(month.gross).toEqual({ amount: String(row!.gross_amount), currency: 'COP' });
      expect(month.sources.map((source) => source.employments.map((employment) => employment.id))).toEqual([
        [row!.record],
      ]);
    }
    expect(profile.currentEmployments.map((employment) => employment.id)).toEqual([
      rows.find((row) => row.month === latest)!.record,
    ]);
    expect(profile.complete).toBe(true);
  });

  it.each([0, 25, -1])('refuses a window of %d months as BAD_USER_INPUT', async (months) => {
    const result = await gateway.graphql(LinkIncomeDocument, { id: links.get(SIMULATED)!, months });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
    expect(result.errors![0]!.path).toEqual(['link', 'incomeProfile']);
  });

  it('accepts windows of 1 and 24 months', async () => {
    for (const months of [1, 24]) {
      const result = await gateway.graphql(LinkIncomeDocument, { id: links.get(SIMULATED)!, months });
      expect(result.errors).toBeUndefined();
      expect(result.data!.link.incomeProfile.monthly).toHaveLength(months);
    }
  });

  it('costs no Belvo call beyond the one `employments` makes', async () => {
    const linkId = links.get(SIMULATED)!;
    const callsFor = async (read: () => Promise<{ errors?: unknown }>) => {
      await forget(linkId);
      gateway.sandbox.resetCounters();
      expect((await read()).errors).toBeUndefined();
      return gateway.sandbox.requests.map((request) => `${request.method} ${request.endpoint}`).sort();
    };
    const employmentsAlone = await callsFor(() => gateway.graphql(LinkEmploymentIdsDocument, { id: linkId }));
    expect(employmentsAlone.filter((call) => call === 'GET /api/co/employments/')).toHaveLength(1);
    const both = await callsFor(() => gateway.graphql(LinkEmploymentsAndIncomeDocument, { id: linkId }));
    expect(both).toEqual(employmentsAlone);
    const incomeAlone = await callsFor(() => gateway.graphql(LinkIncomeDocument, { id: linkId }));
    expect(incomeAlone).toEqual(employmentsAlone);
  });
});
