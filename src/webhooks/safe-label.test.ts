import { describe, expect, it } from 'vitest';
import { safeLabel } from './safe-label.js';

describe('safeLabel', () => {
  it('shows a type or code shaped like Belvo names as it is', () => {
    expect(safeLabel('EMPLOYMENTS')).toBe('EMPLOYMENTS');
    expect(safeLabel('new_things_available')).toBe('new_things_available');
  });

  it('hashes anything carrying digits, mixed case, or too long to be a Belvo name', () => {
    for (const value of ['1020304050', 'Maria_Gomez', 'cedula_1020304050', 'a'.repeat(41), 'x', '']) {
      const label = safeLabel(value);
      expect(label).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(label).not.toContain(value || 'sha256:!');
    }
  });

  it('gives the same value the same label, so occurrences can be counted', () => {
    expect(safeLabel('1020304050')).toBe(safeLabel('1020304050'));
    expect(safeLabel('1020304050')).not.toBe(safeLabel('1020304051'));
  });
});
