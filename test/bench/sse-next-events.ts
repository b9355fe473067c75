import type { IncomingMessage } from 'node:http';

/**
 * Calls `onNext` with the parsed `data:` of every `next` event of a graphql-sse stream. An event is
 * its lines up to a blank line: `id:` (its cursor), `event:`, `data:`; `:` lines are heartbeats.
 */
export function onNextEvents(response: IncomingMessage, onNext: (payload: unknown) => void): void {
  let buffered = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const lines = buffered.slice(0, end).split('\n');
      buffered = buffered.slice(end + 2);
      if (!lines.includes('event: next')) continue;
      const data = lines.find((line) => line.startsWith('data:'));
      if (data) onNext(JSON.parse(data.slice(5)));
    }
  });
}
