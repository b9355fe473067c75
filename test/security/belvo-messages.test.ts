import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { clientFor } from '../support/sandbox.js';

const CEDULA = '1033333333';
const REQUEST_ID = '0123456789abcdef0123456789abcdef';

/**
 * A Belvo stand-in whose 400 echoes the cédula in its message, as the real one may
 * ("The username 1033333333 is not valid…"). Nothing else: the gateway must not need more.
 */
function echoingBelvo(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/api/') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify([
          {
            request_id: REQUEST_ID,
            code: 'invalid',
            field: 'username',
            message: `The username ${CEDULA} is not valid for pila_co_employment`,
          },
        ]),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe("Belvo's message text", () => {
  let belvo: { server: Server; url: string };
  let gateway: Gateway;

  beforeAll(async () => {
    belvo = await echoingBelvo();
    gateway = await startGateway({}, { belvo: clientFor(belvo.url) });
  });
  afterAll(async () => {
    await gateway.stop(); // fails if the cédula (sent by the test) reached any log line
    await new Promise((resolve) => belvo.server.close(resolve));
  });

  it('never reaches the client: a 400 carrying the cédula comes back in the gateway’s own words', async () => {
    const result = await gateway.graphql(CreateLinkDocument, { input: { cedula: CEDULA } });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({
      message: 'Belvo refused the request: username is not valid',
      extensions: {
        code: 'BAD_USER_INPUT',
        belvoCode: 'invalid',
        belvoRequestId: REQUEST_ID,
        field: 'username',
        retryable: false,
      },
    });
    expect(JSON.stringify(result)).not.toContain(CEDULA);
    expect(JSON.stringify(result)).not.toContain('is not valid for');
  });

  it('never reaches a log line either', () => {
    const logged = gateway.logLines.join('');
    expect(logged).not.toContain(CEDULA);
    expect(logged).not.toContain('is not valid for');
  });
});
