import { EXAMPLE_TABS } from './examples.js';

/** Where the explorer's files are served; all from this origin, so it works offline. */
export const ASSET_PATH = '/explorer';

/**
 * The HTML page. No inline script (the Content-Security-Policy forbids it): configuration travels
 * in a JSON data block and the boot script is a file of its own.
 */
export function explorerHtml(graphqlPath: string): string {
  const config = JSON.stringify({ graphqlPath, tabs: EXAMPLE_TABS }).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Belvo employments gateway · GraphQL explorer</title>
    <link rel="stylesheet" href="${ASSET_PATH}/graphiql.css" />
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
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

/** Starts GraphiQL (UMD globals React, ReactDOM, GraphiQL) with HTTP and WebSocket fetchers. */
export const BOOT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var url = new URL(config.graphqlPath, window.location.href);
  var subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: true,
    }),
  );
})();
`;
