/**
 * One attempt to link one person: its input and its idempotency key. Retrying the same attempt —
 * after OUTCOME_UNKNOWN, a countdown, an unreachable gateway, or the same cédula sent again — sends
 * the same key, so the gateway returns the link the first try may have created instead of making a
 * second one (docs/api.md, "Safe retries"). A different input is a new attempt with a new key.
 */
export interface LinkInput {
  cedula: string;
  accessMode: 'SINGLE' | 'RECURRENT';
}

export interface Attempt {
  input: LinkInput;
  idempotencyKey: string;
}

/** A key that says nothing about the person; crypto.getRandomValues works on plain http pages too. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export class Attempts {
  private current: Attempt | undefined;

  /** The attempt for this input: the current one when the input is the same, else a new one. */
  for(input: LinkInput): Attempt {
    const same =
      this.current &&
      this.current.input.cedula === input.cedula &&
      this.current.input.accessMode === input.accessMode;
    if (!same) this.current = { input, idempotencyKey: newKey() };
    return this.current!;
  }

  /** After a link was made, the next cédula, even the same one, is a new attempt. */
  finish(): void {
    this.current = undefined;
  }
}
