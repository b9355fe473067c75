import {
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
} from '@opentelemetry/api';

/**
 * The gateway's own spans. Through the OpenTelemetry API only: without an SDK (OTEL_* unset) the
 * API is a no-op and these cost a function call each.
 */
export const TRACER_NAME = 'belvo-employments-gateway';

/** Span attribute naming the Belvo link: ties together spans no parent/child or link connects. */
export const LINK_ID_ATTRIBUTE = 'belvo.link_id';

const tracer = () => trace.getTracer(TRACER_NAME);

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Array<SpanContext | undefined>;
}

/** Runs `work` in a new active span (child of the current one), ended and marked when it settles. */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes, links: linksTo(options.links) },
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        // The error's class and code only: messages can quote what a client or Belvo sent.
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorLabel(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A span begun now, as a child of the current one, that the caller ends (for work whose start and
 * end are separate callbacks, as Apollo's plugin hooks are). Not made active.
 */
export function startSpan(name: string, options: SpanOptions): Span {
  return tracer().startSpan(name, {
    kind: options.kind,
    attributes: options.attributes,
    links: linksTo(options.links),
  });
}

/** A span that happened at one instant (e.g. one push to one subscriber), with its links. */
export function instantSpan(name: string, options: SpanOptions): void {
  tracer()
    .startSpan(name, {
      kind: options.kind,
      attributes: options.attributes,
      links: linksTo(options.links),
      root: true,
    })
    .end();
}

function linksTo(contexts: Array<SpanContext | undefined> | undefined): Link[] {
  return (contexts ?? [])
    .filter((context): context is SpanContext => context !== undefined && trace.isSpanContextValid(context))
    .map((context) => ({ context }));
}

function errorLabel(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? error.name : 'Error';
  return typeof code === 'string' ? `${name} ${code}` : name;
}
