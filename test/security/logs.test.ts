import { describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';

/*
 * Every gateway the suite starts has its logs scanned on stop (test/support/log-scan.ts). These
 * tests show that the scan would catch a leak, and that a full flow at debug level leaks nothing.
 */
describe('the log scan over the whole suite', () => {
  it('catches a cédula, a name or a secret that reached the log', async () => {
    const gateway = await startGateway();
    await gateway.graphql(CreateLinkDocument, { input: { cedula: '1300000001' } });
    await eventually(() => gateway.sandbox.world.owners.length === 1);
    const owner = gateway.sandbox.world.owners[0]!;
    gateway.app.logger.info({ note: `person ${owner.display_name}` }, 'careless line');
    gateway.app.logger.info(
      { cedula: '1300000001', headers: { authorization: 'Bearer x' } },
      'redacted keys',
    );
    await expect(gateway.stop()).rejects.toThrow(/owner name/);
  });

  it('finds nothing after a create → webhook → read flow logged at debug level', async () => {
    const gateway = await startGateway();
    await gateway.graphql(CreateLinkDocument, { input: { cedula: '1300000002', externalId: 'scan_check' } });
    const logged = (kind: string) => gateway.logLines.some((line) => line.includes(kind));
    await eventually(() => logged('OWNERS_HISTORICAL_UPDATE') && logged('EMPLOYMENTS_HISTORICAL_UPDATE'));
    expect(gateway.logLines.length).toBeGreaterThan(2);
    await gateway.stop();
  });
});
