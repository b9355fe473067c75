import { EVENT_PANEL_FACTORY, LINK_ID_TOKEN, READ_LINK_QUERIES } from './event-panel.js';
import { EXAMPLE_TABS } from './examples.js';

/** Where the explorer's files are served; all from this origin, so it works offline. */
export const ASSET_PATH = '/explorer';

/**
 * The HTML page. No inline script (the Content-Security-Policy forbids it): configuration travels
 * in a JSON data block and the boot script is a file of its own.
 */
export function explorerHtml(graphqlPath: string, streamPath: string): string {
  const config = JSON.stringify({
    graphqlPath,
    streamPath,
    tabs: EXAMPLE_TABS,
    readLinkQueries: READ_LINK_QUERIES,
    linkIdToken: LINK_ID_TOKEN,
  }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Belvo employments gateway · GraphQL explorer</title>
    <link rel="stylesheet" href="${ASSET_PATH}/graphiql.css" />
    <style>
      body { margin: 0; display: flex; flex-direction: column; height: 100vh; }
      #graphiql { flex: 1; min-height: 0; }
      #explorer-notice { padding: 8px 16px; background: #fff4d6; color: #5c4400; font: 14px sans-serif; }
      #explorer-notice code { font-size: 13px; }
      /* The Subscription events panel, in GraphiQL's own sizes and colours. */
      .explorer-events-title { font-size: var(--font-size-h2); font-weight: var(--font-weight-medium); margin: 0 0 var(--px-12); }
      .explorer-events-summary, .explorer-events-hint { margin: 0 0 var(--px-12); }
      .explorer-events-hint, .explorer-event-meta { color: hsla(var(--color-neutral), var(--alpha-secondary)); }
      .explorer-events-list { list-style: none; margin: 0; padding: 0; }
      .explorer-event { border-top: 1px solid hsla(var(--color-neutral), var(--alpha-background-heavy)); padding: var(--px-8) 0; }
      .explorer-event-head { display: flex; flex-wrap: wrap; gap: var(--px-8); align-items: baseline; }
      .explorer-event-type { font-weight: var(--font-weight-medium); }
      .explorer-event-meta { margin: var(--px-4) 0; font-family: var(--font-family-mono); font-size: var(--font-size-inline-code); overflow-wrap: anywhere; }
      .explorer-event-meta span { display: block; }
      .explorer-event-error { margin: var(--px-4) 0; color: hsl(var(--color-error)); }
      .explorer-event-read:focus-visible { outline: 2px solid hsl(var(--color-primary)); outline-offset: 2px; }
      /* The footer only hosts the component that opens the panel; it draws nothing. */
      .graphiql-footer:empty { display: none; }
    </style>
  </head>
  <body>
    <div id="explorer-notice" role="status" hidden>
      This gateway needs an API key. Put <code>{"x-api-key": "…"}</code> (or
      <code>{"authorization": "Bearer …"}</code>) in the <b>Headers</b> tab below and run any
      operation: the key then applies to every tab, to subscriptions and to the Docs pane.
    </div>
    <div id="graphiql">Loading the explorer…</div>
    <script id="explorer-config" type="application/json">${config}</script>
    <script src="${ASSET_PATH}/react.js"></script>
    <script src="${ASSET_PATH}/react-dom.js"></script>
    <script src="${ASSET_PATH}/graphiql.js"></script>
    <script src="${ASSET_PATH}/boot.js"></script>
  </body>
</html>
`;
}

/**
 * Starts GraphiQL (UMD globals React, ReactDOM, GraphiQL) with a fetcher that:
 * - remembers credentials (x-api-key, authorization) typed in any tab's Headers and sends them from
 *   every tab, for queries, subscriptions and the Docs pane's introspection;
 * - runs subscriptions over Server-Sent Events (/graphql/stream) with fetch: the headers travel as
 *   headers, a refusal (401, NOT_FOUND…) shows at once instead of a WebSocket retrying in silence,
 *   and every event stays listed, in order, with the time it arrived (GraphiQL shows only the last
 *   value a fetcher yields, so each value is the whole list so far), and the same events in the
 *   Subscription events panel, each with a "Read this link" action (event-panel.ts);
 * - ends a stopped subscription's stream at once (see `subscribe`);
 * - holds the Docs pane's introspection while the gateway asks for a key, showing a notice that
 *   says what to do, and retries it once a key is known (GraphiQL would show "Error fetching schema").
 */
export const BOOT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var panel = (${EVENT_PANEL_FACTORY})(React, ReactDOM, GraphiQL, config.readLinkQueries, config.linkIdToken);
  var url = new URL(config.graphqlPath, window.location.href);
  var streamUrl = new URL(config.streamPath, window.location.href);
  var http = GraphiQL.createFetcher({ url: url.href });
  var notice = document.getElementById('explorer-notice');
  var CREDENTIALS = ['x-api-key', 'authorization'];
  var remembered = {};
  var waitingForCredentials = [];

  function withCredentials(given) {
    var headers = {};
    Object.keys(given || {}).forEach(function (name) {
      headers[name.toLowerCase()] = given[name];
    });
    var learned = false;
    CREDENTIALS.forEach(function (name) {
      var value = headers[name];
      if (typeof value === 'string' && value.trim() !== '') {
        learned = learned || remembered[name] !== value;
        remembered[name] = value;
      } else if (remembered[name]) {
        headers[name] = remembered[name];
      }
    });
    if (learned) {
      var wake = waitingForCredentials;
      waitingForCredentials = [];
      wake.forEach(function (resume) { resume(); });
    }
    return headers;
  }

  function unauthenticated(result) {
    return Boolean(result && result.errors && result.errors.some(function (error) {
      return error && error.extensions && error.extensions.code === 'UNAUTHENTICATED';
    }));
  }
  function showNotice(show) { notice.hidden = !show; }

  function isSubscription(params) {
    var text = String(params.query || '').replace(/#[^\\n]*/g, '');
    if (params.operationName) {
      return new RegExp('subscription\\\\s+' + params.operationName + '\\\\b').test(text);
    }
    return /^\\s*subscription\\b/.test(text);
  }

  function introspect(params, options) {
    return http(params, Object.assign({}, options, { headers: withCredentials(options && options.headers) }))
      .then(function (result) {
        showNotice(unauthenticated(result));
        if (!unauthenticated(result)) return result;
        return new Promise(function (resume) { waitingForCredentials.push(resume); }).then(function () {
          return introspect(params, options);
        });
      });
  }

  function parseMessage(block) {
    var message = { id: undefined, event: '', data: '' };
    block.split('\\n').forEach(function (line) {
      var colon = line.indexOf(':');
      if (colon <= 0) return;
      var field = line.slice(0, colon);
      var value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') message.data += value;
    });
    return message;
  }

  function listing(events) {
    return { received: events.length + (events.length === 1 ? ' event' : ' events') + ', oldest first', events: events };
  }

  async function* stream(params, typedHeaders, headers, controller) {
    var events = [];
    var recording = panel.record(params, typedHeaders);
    try {
      var response = await fetch(streamUrl.href, {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json', accept: 'text/event-stream' }, headers),
        body: JSON.stringify({ query: params.query, variables: params.variables, operationName: params.operationName }),
        signal: controller.signal,
      });
      if (!(response.headers.get('content-type') || '').startsWith('text/event-stream')) {
        var text = await response.text();
        var refusal;
        try { refusal = JSON.parse(text); } catch (error) { refusal = { errors: [{ message: 'HTTP ' + response.status }] }; }
        showNotice(unauthenticated(refusal));
        recording.refused(refusal);
        yield refusal;
        return;
      }
      showNotice(false);
      var reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      var buffer = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) return;
        buffer += chunk.value;
        var end;
        while ((end = buffer.indexOf('\\n\\n')) >= 0) {
          var message = parseMessage(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (message.event === 'complete') return;
          if (message.event !== 'next') continue;
          var result = JSON.parse(message.data);
          var receivedAt = new Date().toISOString();
          events.push(Object.assign({ receivedAt: receivedAt, cursor: message.id }, result));
          recording.event(result, receivedAt, message.id);
          yield listing(events.slice());
        }
      }
    } catch (error) {
      // Stopped: nothing to report.
      if (!controller.signal.aborted) throw error;
    } finally {
      controller.abort();
      recording.ended();
    }
  }

  /**
   * GraphiQL stops a subscription with the iterator's return(). An async generator waiting for the
   * next chunk runs a return() only once it yields again, so the stream would stay open, and its next
   * event still be shown (in whichever tab is active by then), until one arrives: abort first.
   */
  function subscribe(params, typedHeaders, headers) {
    var controller = new AbortController();
    var events = stream(params, typedHeaders, headers, controller);
    var iterator = {
      next: function () { return events.next(); },
      return: function (value) {
        controller.abort();
        return events.return(value);
      },
    };
    iterator[Symbol.asyncIterator] = function () { return iterator; };
    return iterator;
  }

  function fetcher(params, options) {
    if (params.operationName === 'IntrospectionQuery' || /\\b__schema\\b/.test(String(params.query))) {
      return introspect(params, options);
    }
    var headers = withCredentials(options && options.headers);
    if (isSubscription(params)) return subscribe(params, options && options.headers, headers);
    return http(params, Object.assign({}, options, { headers: headers })).then(function (result) {
      showNotice(unauthenticated(result));
      return result;
    });
  }

  // GraphiQL's first layout gives the side panel a quarter of the width and splits the rest evenly
  // between the editor and the result: on a 1440-pixel screen with the events panel open that left
  // the editor 36 characters, cutting the ready-made tabs' lines. A narrower panel and a wider
  // editor are the defaults here; a user who drags a divider keeps their own (GraphiQL stores it).
  [['graphiql:docExplorerFlex', '0.3'], ['graphiql:editorFlex', '1.6']].forEach(function (entry) {
    try {
      if (window.localStorage.getItem(entry[0]) === null) window.localStorage.setItem(entry[0], entry[1]);
    } catch (ignored) {
      // Storage refused (a private window): GraphiQL's own defaults apply.
    }
  });

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(
      GraphiQL,
      {
        fetcher: fetcher,
        defaultTabs: config.tabs,
        defaultEditorToolsVisibility: true,
        plugins: [panel.plugin],
      },
      React.createElement(GraphiQL.Footer, null, React.createElement(panel.AutoOpen)),
    ),
  );
})();
`;
