import type { ApolloServerPlugin } from '@apollo/server';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { startSpan } from '../observability/spans.js';
import type { GatewayContext } from '../resources/context.js';

/** A request whose operation could not be told (it did not parse or validate). */
const UNRESOLVED = 'graphql';

/**
 * One span per GraphQL operation over HTTP, named as OpenTelemetry's GraphQL conventions say: its
 * type and name (`query LinkPage`), or its type alone when anonymous. From the parsed operation,
 * never from the document's text: a document carries values (a cédula) and reads like code.
 */
export const graphqlSpans: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    const span = startSpan(UNRESOLVED, { kind: SpanKind.INTERNAL });
    return {
      async didResolveOperation({ operation }) {
        if (!operation) return;
        const type = operation.operation;
        const name = operation.name?.value;
        span.updateName(name ? `${type} ${name}` : type);
        span.setAttribute('graphql.operation.type', type);
        if (name) span.setAttribute('graphql.operation.name', name);
      },
      async didEncounterErrors({ errors }) {
        // Codes only: messages can quote what the client sent.
        const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'ERROR')))];
        span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(' ') });
      },
      async willSendResponse() {
        span.end();
      },
    };
  },
};
