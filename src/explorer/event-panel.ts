/**
 * The explorer's "Subscription events" panel: a GraphiQL plugin listing every event the running (or
 * last) subscription received, each with a "Read this link" action that opens a new tab with a
 * query for the data that event announced.
 */

/** What an event announced, and so what its "Read this link" query selects. */
export type LinkReads = 'employments' | 'owners' | 'all';

/** Stands for the event's link id in READ_LINK_QUERIES; the browser puts a checked UUID there. */
export const LINK_ID_TOKEN = '__LINK_ID__';

const EMPLOYMENTS = `employments {
      employerData { name idNumber tenureMonths }
      salaryAndBenefitDetails { month gross { amount currency } net { amount } }
    }`;
const OWNERS = 'owners { displayName documentId { documentType documentNumber } }';

function readQuery(operationName: string, what: string, selections: string[]): string {
  return `# From the Subscription events panel:
# the ${what}.
# Run it (▶ or Ctrl-Enter).
query ${operationName} {
  link(id: "${LINK_ID_TOKEN}") {
    id
    status
    ${selections.join('\n    ')}
  }
}
`;
}

/**
 * The query each kind of event opens. The link id is written into the query rather than passed as a
 * variable so the tab reads as what it is, and runs as it stands, whatever its Variables pane holds.
 */
export const READ_LINK_QUERIES: Record<LinkReads, string> = {
  employments: readQuery('ReadEmployments', "link's employments", [EMPLOYMENTS]),
  owners: readQuery('ReadOwners', "link's owners", [OWNERS]),
  all: readQuery('ReadLink', "link's employments and owners", [OWNERS, EMPLOYMENTS]),
};

/** The query the panel opens for an event of a link; for tests, the browser has its own copy. */
export function readLinkQuery(reads: LinkReads, linkId: string): string {
  return READ_LINK_QUERIES[reads].replace(LINK_ID_TOKEN, linkId);
}

/**
 * Browser code, a function expression the boot script calls with its globals:
 * `createEventPanel(React, ReactDOM, GraphiQL, readLinkQueries, linkIdToken)` returns
 * - `record(params, typedHeaders)`: called by the fetcher when a subscription starts; returns
 *   `{ event(result, receivedAt, cursor), refused(result), ended() }`;
 * - `plugin`: the GraphiQL plugin (one constant object: GraphiQL re-applies plugin state whenever the
 *   list's identity changes);
 * - `AutoOpen`: a component for GraphiQL's footer (the one slot inside GraphiQL's providers that is
 *   always mounted) that shows the panel when a subscription starts, unless another pane is open.
 *   If GraphiQL's sidebar button ever changes its label, the panel merely stops opening by itself.
 *
 * Which link an event is about: its `linkId`, else its `link.id`, else the subscription's `linkId`
 * argument (a literal or a variable). Every subscription field takes `linkId: UUID!`, so the last one
 * always answers, and an operation that selects neither field still gets its action.
 */
export const EVENT_PANEL_FACTORY = `function createEventPanel(React, ReactDOM, GraphiQL, readLinkQueries, linkIdToken) {
  var h = React.createElement;
  var TITLE = 'Subscription events';
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // By __typename when selected, else by the subscription field: what the event says is new.
  var READS = {
    EmploymentsHistoricalUpdate: 'employments',
    NewEmploymentsAvailable: 'employments',
    newEmploymentsAvailable: 'employments',
    OwnersHistoricalUpdate: 'owners',
    NewOwnersAvailable: 'owners',
  };
  var WHAT = { employments: 'employments', owners: 'owners', all: 'employments and owners' };

  // GraphiQL runs one operation at a time, so one subscription's events at a time: the latest.
  var state = { run: 0, operationName: null, live: false, refusal: null, headers: '', events: [] };
  var listeners = new Set();
  function setState(changes) {
    state = Object.assign({}, state, changes);
    listeners.forEach(function (listener) { listener(); });
  }
  function subscribeState(listener) {
    listeners.add(listener);
    return function () { listeners.delete(listener); };
  }
  function getState() { return state; }

  function isUuid(value) { return typeof value === 'string' && UUID.test(value); }

  /** The subscription's root field (its response key and name) and its linkId argument. */
  function aboutSubscription(params) {
    var about = { responseKey: null, fieldName: null, linkId: null, operationName: params.operationName || null };
    try {
      var operations = GraphiQL.GraphQL.parse(String(params.query)).definitions.filter(function (definition) {
        return definition.kind === 'OperationDefinition';
      });
      var operation = operations.find(function (candidate) {
        return params.operationName ? candidate.name && candidate.name.value === params.operationName : true;
      });
      var field = operation && operation.selectionSet.selections.find(function (selection) {
        return selection.kind === 'Field';
      });
      if (!field) return about;
      about.operationName = about.operationName || (operation.name && operation.name.value) || null;
      about.responseKey = field.alias ? field.alias.value : field.name.value;
      about.fieldName = field.name.value;
      var argument = (field.arguments || []).find(function (candidate) { return candidate.name.value === 'linkId'; });
      if (argument && argument.value.kind === 'StringValue') about.linkId = argument.value.value;
      if (argument && argument.value.kind === 'Variable') {
        about.linkId = (params.variables || {})[argument.value.name.value];
      }
    } catch (error) {
      // Unparseable documents never reach here (the gateway refuses them first); if one did, events
      // would still be listed, only without an action when they do not carry their link id.
    }
    return about;
  }

  function entry(result, about, number, receivedAt, cursor) {
    var data = (result && result.data) || {};
    var payload = about.responseKey && about.responseKey in data ? data[about.responseKey] : data[Object.keys(data)[0]];
    var announced = Boolean(payload && typeof payload === 'object');
    if (!announced) payload = {};
    var typename = typeof payload.__typename === 'string' ? payload.__typename : null;
    var errors = (result && result.errors) || [];
    return {
      number: number,
      receivedAt: receivedAt,
      cursor: cursor,
      typename: typename,
      // An error without data (NOT_FOUND, CURSOR_EXPIRED…) announces nothing to read.
      announced: announced,
      linkId: [payload.linkId, payload.link && payload.link.id, about.linkId].find(isUuid) || null,
      reads: READS[typename] || READS[about.fieldName] || 'all',
      error: errors.length > 0 ? String(errors[0].message) : null,
    };
  }

  function headersText(headers) {
    return headers && Object.keys(headers).length > 0 ? JSON.stringify(headers, null, 2) : '';
  }

  function record(params, typedHeaders) {
    var about = aboutSubscription(params);
    var run = state.run + 1;
    setState({
      run: run,
      operationName: about.operationName,
      live: true,
      refusal: null,
      // As typed in the subscription's tab: credentials typed elsewhere apply to every tab anyway,
      // and are not copied into a tab that did not show them.
      headers: headersText(typedHeaders),
      events: [],
    });
    // A subscription stopped late (after the next one started) must not touch the newer one's list.
    function mine(changes) { if (state.run === run) setState(changes()); }
    return {
      event: function (result, receivedAt, cursor) {
        mine(function () {
          return { events: state.events.concat([entry(result, about, state.events.length + 1, receivedAt, cursor)]) };
        });
      },
      refused: function (result) {
        mine(function () {
          var errors = (result && result.errors) || [];
          return { live: false, refusal: errors.length > 0 ? String(errors[0].message) : 'refused' };
        });
      },
      ended: function () { mine(function () { return { live: false }; }); },
    };
  }

  function clock(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleTimeString([], { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
  }

  function summary(current) {
    var name = current.operationName || 'The subscription';
    if (current.run === 0) {
      return 'Run a subscription: every event it receives is listed here, oldest first, each with a button to read its link.';
    }
    if (current.refusal) return name + ' was refused: ' + current.refusal;
    var count = current.events.length + (current.events.length === 1 ? ' event' : ' events');
    return name + ': ' + count + ', oldest first. ' + (current.live ? 'Listening…' : 'Stopped.');
  }

  function Event(props) {
    var event = props.event;
    var what = WHAT[event.reads];
    var label = 'Read this link (' + what + '), event ' + event.number + (event.typename ? ', ' + event.typename : '');
    return h(
      'li',
      { className: 'explorer-event' },
      h(
        'div',
        { className: 'explorer-event-head' },
        h('span', { className: 'explorer-event-number' }, '#' + event.number),
        h('time', { dateTime: event.receivedAt }, clock(event.receivedAt)),
        h('span', { className: 'explorer-event-type' }, event.typename || 'Event'),
      ),
      event.error && h('p', { className: 'explorer-event-error' }, event.error),
      h(
        'p',
        { className: 'explorer-event-meta' },
        event.cursor && h('span', null, 'cursor ' + event.cursor),
        event.linkId && h('span', null, 'link ' + event.linkId),
      ),
      event.announced &&
        (event.linkId
          ? h(
              'button',
              {
                type: 'button',
                className: 'graphiql-button explorer-event-read',
                'aria-label': label,
                title: 'Open a new tab with a query for this link\\'s ' + what,
                onClick: function () { props.onRead(event); },
              },
              'Read this link',
            )
          : h('p', { className: 'explorer-event-meta' }, 'No link id in this event: select linkId to read its link from here.')),
    );
  }

  function Panel() {
    var current = React.useSyncExternalStore(subscribeState, getState);
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    var execution = GraphiQL.React.useExecutionContext({ nonNull: true });

    function read(event) {
      if (!isUuid(event.linkId)) return;
      // GraphiQL writes a running operation's results into whichever tab is active, and stops it
      // when the user switches tabs; opening a tab from here does the same, or the next event would
      // land in the new tab and its Run button would only stop the subscription.
      execution.stop();
      // addTab fills the editors with the new tab's contents when its state update runs: run it
      // now, then put the query (and the subscription's headers) in place of that.
      ReactDOM.flushSync(function () { editor.addTab(); });
      editor.queryEditor.setValue(readLinkQueries[event.reads].replace(linkIdToken, event.linkId));
      if (editor.variableEditor) editor.variableEditor.setValue('');
      if (editor.headerEditor) editor.headerEditor.setValue(current.headers);
      // Keyboard users land where Ctrl-Enter runs it.
      editor.queryEditor.focus();
    }

    return h(
      'section',
      { className: 'explorer-events', 'aria-labelledby': 'explorer-events-title' },
      h('h2', { id: 'explorer-events-title', className: 'explorer-events-title' }, TITLE),
      h('p', { className: 'explorer-events-summary', role: 'status' }, summary(current)),
      current.events.length > 0 &&
        h(
          'p',
          { className: 'explorer-events-hint' },
          '"Read this link" opens a new tab with a query for the data the event announced. Like switching tabs, it stops the running subscription.',
        ),
      h(
        'ol',
        { className: 'explorer-events-list', 'aria-label': 'Events, oldest first' },
        current.events.map(function (event) { return h(Event, { key: event.number, event: event, onRead: read }); }),
      ),
    );
  }

  function Icon(props) {
    return h(
      'svg',
      Object.assign({ viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round' }, props),
      h('path', { d: 'M9 6h11M9 12h11M9 18h11' }),
      h('circle', { cx: 4.5, cy: 6, r: 1.25, fill: 'currentColor' }),
      h('circle', { cx: 4.5, cy: 12, r: 1.25, fill: 'currentColor' }),
      h('circle', { cx: 4.5, cy: 18, r: 1.25, fill: 'currentColor' }),
    );
  }

  function AutoOpen() {
    var run = React.useSyncExternalStore(subscribeState, function () { return state.run; });
    var visiblePlugin = GraphiQL.React.usePluginStore(function (plugins) { return plugins.visiblePlugin; });
    React.useEffect(
      function () {
        if (run === 0 || visiblePlugin) return;
        // setVisiblePlugin alone leaves GraphiQL's plugin pane collapsed: only its sidebar button
        // also opens the pane, so press that (a click from script does not move the focus).
        var button = document.querySelector('.graphiql-sidebar button[aria-label="Show ' + TITLE + '"]');
        if (button) button.click();
      },
      // Only when a subscription starts: a panel the user closed stays closed until the next one.
      [run],
    );
    return null;
  }

  return { record: record, plugin: { title: TITLE, icon: Icon, content: Panel }, AutoOpen: AutoOpen };
}`;
