import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const readme = readFileSync(`${ROOT}README.md`, 'utf8');
const docs = readdirSync(`${ROOT}docs`).filter((name) => name.endsWith('.md'));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');
}

/** The headings of a Markdown page, outside fenced blocks. */
function anchorsOf(text: string): Set<string> {
  const outside = text.replace(/^ *```[\s\S]*?^ *```$/gm, '');
  return new Set([...outside.matchAll(/^#+ (.+)$/gm)].map((match) => anchor(match[1]!)));
}

describe('the README', () => {
  it('stays a five-minute read (under 15 KB)', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(15 * 1024);
  });

  it('links every page of docs/', () => {
    expect(docs.filter((name) => !readme.includes(`(docs/${name})`))).toEqual([]);
  });
});

describe('relative links in README.md and docs/', () => {
  const pages = ['README.md', ...docs.map((name) => `docs/${name}`)];
  it.each(pages)('%s links only to files and headings that exist', (path) => {
    const text = readFileSync(join(ROOT, path), 'utf8').replace(/^ *```[\s\S]*?^ *```$/gm, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, hash] = target!.split('#') as [string, string | undefined];
      const resolved = file ? join(ROOT, dirname(path), file) : join(ROOT, path);
      if (!existsSync(resolved)) broken.push(target!);
      else if (hash && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(hash))
        broken.push(target!);
    }
    expect(broken).toEqual([]);
  });
});
