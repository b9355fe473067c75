/** What the demo prints: its failures, employments, errors and durations. */

/** The demo's failures: `message` says what happened and what to do; printed as is. */
export class DemoError extends Error {
  override name = 'DemoError';
}

export interface Employment {
  employerData: {
    name: string | null;
    idType: string | null;
    idNumber: string | null;
    tenureMonths: number | null;
  } | null;
  salaryAndBenefitDetails: Array<{
    month: string | null;
    gross: { amount: string; currency: string } | null;
  }>;
}

export interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

export function describeEmployment(employment: Employment): string {
  const employer = employment.employerData;
  const latest = [...employment.salaryAndBenefitDetails]
    .filter((row) => row.month)
    .sort((a, b) => (b.month ?? '').localeCompare(a.month ?? ''))[0];
  const salary =
    latest?.gross != null
      ? `latest salary ${latest.month}: ${new Intl.NumberFormat('es-CO', { style: 'currency', currency: latest.gross.currency, maximumFractionDigits: 0 }).format(Number(latest.gross.amount))}`
      : 'no salary rows';
  const tenure = employer?.tenureMonths != null ? `${employer.tenureMonths} months` : 'tenure unknown';
  return `${employer?.name ?? 'unnamed employer'} (${employer?.idType ?? '?'} ${employer?.idNumber ?? '?'}) · ${tenure} · ${salary}`;
}

export function describeError(error: unknown): string {
  if (Array.isArray(error)) {
    return error
      .map((item: GraphqlError) => `${item.extensions?.code ?? 'ERROR'}: ${item.message}`)
      .join('; ');
  }
  if (error instanceof Error) return error.message;
  const code = (error as { code?: number } | null)?.code;
  if (code === 4403) return 'The gateway refused the WebSocket credentials; set DEMO_API_KEY';
  return 'The WebSocket connection failed; is the gateway running?';
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
