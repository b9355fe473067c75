import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { textFrames } from './ws-push.js';

/** ws's frame parser (exported at run time, absent from its type declarations). */
interface FrameReader {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  write(chunk: Buffer, callback: (error?: Error | null) => void): void;
}
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean }) => FrameReader;
};

describe('textFrames', () => {
  it('encodes messages of every header size, multi-byte text included, as ws reads them', async () => {
    const messages = ['{}', 'é'.repeat(100), 'x'.repeat(200), 'ñ'.repeat(40_000)];
    const receiver = new Receiver({ isServer: false });
    const received: string[] = [];
    receiver.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(data.toString('utf8'));
    });
    await new Promise<void>((resolve, reject) =>
      receiver.write(textFrames(messages), (error) => (error ? reject(error) : resolve())),
    );
    expect(received).toEqual(messages);
  });
});
