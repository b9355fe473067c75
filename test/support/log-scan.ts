import { Writable } from 'node:stream';
import type { App } from '../../src/app/app.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';

/**
 * Every gateway a test starts logs at debug level into memory; when it stops, the lines are
 * searched for anything personal or secret the test or the simulator knows about. A hit fails the
 * test that owns the gateway, naming what kind of value leaked (never the value).
 */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

export function findLeaks(lines: string[], app: App, sentSecrets: Iterable<string>): string[] {
  const text = lines.join('');
  const sensitive: Array<[kind: string, value: string]> = [
    ['Belvo secret id', app.config.belvo.secretId],
    ['Belvo secret password', app.config.belvo.secretPassword],
    ...app.config.webhookAuthorizations.map((value): [string, string] => ['webhook Authorization', value]),
    ...[...sentSecrets].map((value): [string, string] => [
      'client credential or cédula sent by the test',
      value,
    ]),
  ];
  const world = app.sandbox?.world;
  if (world) {
    for (const state of world.links.values()) sensitive.push(['cédula', state.cedula]);
    for (const owner of world.owners) {
      if (owner.display_name) sensitive.push(['owner name', owner.display_name]);
      if (owner.document_id?.document_number)
        sensitive.push(['document number', owner.document_id.document_number]);
    }
    for (const employment of world.employments) {
      for (const row of employment.salary_and_benefit_details ?? []) {
        if (row?.gross_amount) sensitive.push(['salary', String(row.gross_amount)]);
      }
    }
  }
  const leaks = new Set<string>();
  for (const [kind, value] of sensitive) {
    if (value.length < 4) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Numbers must stand alone: a salary's digits inside a timestamp are not a leak.
    const pattern = /^\d+$/.test(value) ? new RegExp(`(?<![\\d])${escaped}(?![\\d])`) : new RegExp(escaped);
    if (!pattern.test(text)) continue;
    // Where: the message and keys of the line it is in, so a failure can be found (still no value).
    const line = lines.find((candidate) => pattern.test(candidate)) ?? '';
    leaks.add(`${kind} (in a line "${messageOf(line)}" with keys ${keysOf(line)})`);
  }
  return [...leaks];
}

function parsed(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {};
  }
}
const messageOf = (line: string) => String(parsed(line).msg ?? '?');
const keysOf = (line: string) => Object.keys(parsed(line)).join(',') || '?';
