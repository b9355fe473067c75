/**
 * The cédula rule, exactly as the gateway checks it (src/resources/links/link.validation.ts): a
 * number the gateway would refuse is refused here, before anything is sent.
 */
const CEDULA = /^[0-9]{6,10}$/;

/** People write cédulas as 1.020.304.050 or with spaces; the gateway wants the digits only. */
export function normaliseCedula(typed: string): string {
  return typed.replace(/[.\s]/g, '');
}

/** Why the cédula cannot be sent, in words; null when it can. */
export function cedulaProblem(cedula: string): string | null {
  if (cedula === '') return 'Enter the cédula.';
  if (!/^[0-9]*$/.test(cedula)) return 'A cédula has digits only (0–9).';
  if (!CEDULA.test(cedula)) return `A cédula has 6 to 10 digits; this one has ${cedula.length}.`;
  return null;
}
