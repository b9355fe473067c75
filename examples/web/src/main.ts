/**
 * The onboarding flow: cédula → createLink → the wait (linkReady over SSE) → the result, and for a
 * recurrent link, new employments as Belvo finds them. Every failure ends in the failure panel, in
 * words, with the one action that helps (docs/reference-app.md walks through them).
 */
import { Attempts, type Attempt, type LinkInput } from './attempt.js';
import { cedulaProblem, normaliseCedula } from './cedula.js';
import { byId, el, show } from './dom.js';
import { formatElapsed } from './format.js';
import { GatewayError, graphql } from './gateway.js';
import {
  describeFailure,
  describeOutcome,
  describeUserErrors,
  type CreateLinkPayload,
  type Failure,
} from './messages.js';
import {
  CREATE_LINK,
  LINK_READY,
  NEW_EMPLOYMENTS,
  READ_LINK,
  type LinkData,
  type LinkReadiness,
  type NewEmployments,
} from './operations.js';
import { renderResult } from './result-view.js';
import { subscribe, type Connection } from './stream.js';

const form = byId<HTMLFormElement>('cedula-form');
const cedulaInput = byId<HTMLInputElement>('cedula');
const cedulaError = byId('cedula-error');
const recurrentInput = byId<HTMLInputElement>('recurrent');
const submitButton = byId<HTMLButtonElement>('submit');
const status = byId('status');
const failurePanel = byId('failure');
const retryButton = byId<HTMLButtonElement>('retry');
const waitPanel = byId('wait');
const resultPanel = byId('result');

const attempts = new Attempts();
/** What the Try again button sends: the attempt that failed, with its key. */
let failed: Attempt | undefined;
/** Stops whatever runs now (the wait's clock and stream, the live stream, a countdown). */
let stopCurrent: () => void = () => {};

function announce(text: string): void {
  status.textContent = text;
}

function setBusy(busy: boolean): void {
  submitButton.disabled = busy;
  cedulaInput.readOnly = busy;
  recurrentInput.disabled = busy;
}

function showCedulaProblem(problem: string | null): void {
  cedulaError.textContent = problem ?? '';
  show(cedulaError, problem !== null);
  if (problem) cedulaInput.setAttribute('aria-invalid', 'true');
  else cedulaInput.removeAttribute('aria-invalid');
}

function reset(): void {
  stopCurrent();
  stopCurrent = () => {};
  failed = undefined;
  for (const panel of [failurePanel, waitPanel, resultPanel, byId('live')]) show(panel, false);
  setBusy(false);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const cedula = normaliseCedula(cedulaInput.value);
  const problem = cedulaProblem(cedula);
  showCedulaProblem(problem);
  if (problem) {
    cedulaInput.focus();
    return;
  }
  reset();
  const input: LinkInput = { cedula, accessMode: recurrentInput.checked ? 'RECURRENT' : 'SINGLE' };
  void start(attempts.for(input));
});

retryButton.addEventListener('click', () => {
  if (!failed) return;
  const attempt = failed;
  reset();
  void start(attempt);
});

byId('change').addEventListener('click', () => {
  reset();
  cedulaInput.focus();
  cedulaInput.select();
});

byId('again').addEventListener('click', () => {
  reset();
  attempts.finish();
  cedulaInput.value = '';
  recurrentInput.checked = false;
  announce('');
  cedulaInput.focus();
});

async function start(attempt: Attempt): Promise<void> {
  setBusy(true);
  announce('Creating the link at Belvo…');
  let linkId: string;
  try {
    const data = await graphql<{ createLink: CreateLinkPayload }>(CREATE_LINK, {
      input: { ...attempt.input, idempotencyKey: attempt.idempotencyKey },
    });
    const { link, userErrors } = data.createLink;
    if (!link) {
      fail(describeUserErrors(userErrors), attempt);
      return;
    }
    linkId = link.id;
  } catch (error) {
    fail(describeFailure(error), attempt);
    return;
  }
  wait(linkId, attempt);
}

/** The wait: a clock, the steps, and the state of the stream, until linkReady pushes. */
function wait(linkId: string, attempt: Attempt): void {
  show(waitPanel, true);
  const started = performance.now();
  const elapsed = byId('wait-elapsed');
  const connection = byId('wait-connection');
  const progress = byId<HTMLProgressElement>('wait-progress');
  progress.removeAttribute('value'); // indeterminate: Belvo says nothing until it is done
  byId('step-created').className = 'step done';
  byId('step-extracting').className = 'step active';
  byId('step-ready').className = 'step';
  byId('wait-title').focus();
  announce('Link created. Belvo is reading the records; this usually takes about 15 seconds.');
  const tick = () => (elapsed.textContent = formatElapsed((performance.now() - started) / 1000));
  tick();
  const clock = setInterval(tick, 1000);

  const onConnection = (state: Connection, attempt: number) => {
    if (state === 'reconnecting') {
      connection.textContent = `connection lost, reconnecting (try ${attempt})…`;
      announce('Connection lost. Reconnecting by itself; nothing is lost.');
    } else if (state === 'reconnected') {
      connection.textContent = 'reconnected, waiting for Belvo';
      announce('Reconnected. Still waiting for Belvo.');
    } else {
      connection.textContent = state === 'connected' ? 'connected, waiting for Belvo' : 'connecting…';
    }
  };
  const stop = subscribe<{ linkReady: LinkReadiness }>(
    LINK_READY,
    { linkId },
    {
      next: ({ linkReady }) => {
        clearInterval(clock);
        stop();
        if (linkReady.outcome !== 'READY' || !linkReady.link) {
          fail(describeOutcome(linkReady.outcome, linkReady.errorReason), undefined);
          return;
        }
        const seconds = formatElapsed((performance.now() - started) / 1000);
        showResult(linkReady.link, `Data received after ${seconds}.`);
        attempts.finish();
        if (linkReady.link.accessMode === 'RECURRENT') follow(linkReady.link, linkReady.cursor);
      },
      refused: (error) => {
        clearInterval(clock);
        fail(describeFailure(new GatewayError(error)), attempt);
      },
      connection: onConnection,
    },
  );
  stopCurrent = () => {
    clearInterval(clock);
    stop();
  };
}

function showResult(link: LinkData, message: string, fresh?: ReadonlySet<string>): void {
  show(waitPanel, false);
  renderResult(link, fresh);
  show(resultPanel, true);
  setBusy(false);
  byId('result-title').focus();
  announce(message);
}

/**
 * A recurrent link: Belvo keeps looking, and each newEmploymentsAvailable push is read into the view.
 * The stream starts after the cursor linkReady ended on, so nothing already shown comes again; the
 * view is then read whole (Link.employments and incomeProfile include the new records).
 */
function follow(link: LinkData, afterCursor: string): void {
  const note = byId('live-note');
  const log = byId('live-log');
  const fresh = new Set<string>();
  log.replaceChildren();
  note.textContent = 'Belvo keeps looking: new employments it finds appear here and in the tables.';
  show(byId('live'), true);
  const stop = subscribe<{ newEmploymentsAvailable: NewEmployments }>(
    NEW_EMPLOYMENTS,
    { linkId: link.id, afterCursor },
    {
      next: async ({ newEmploymentsAvailable: pushed }) => {
        const added = pushed.employments.slice(0, pushed.newCount ?? pushed.employments.length);
        for (const employment of added) if (employment) fresh.add(employment.id);
        const names = added.map((employment) => employment?.employerData?.name ?? 'an employer').join(', ');
        // One entry per event: the stream resumes after the last cursor, so none comes twice.
        log.append(
          el('li', { 'data-cursor': pushed.cursor }, `${new Date().toLocaleTimeString('es-CO')}: ${names}`),
        );
        try {
          const data = await graphql<{ link: LinkData }>(READ_LINK, { id: link.id });
          renderResult(data.link, fresh);
          announce(`New employment found: ${names}.`);
        } catch (error) {
          note.textContent = `New employments were found, but could not be read: ${describeFailure(error).title}.`;
        }
      },
      refused: (error) => {
        note.textContent = `No longer following new employments: ${describeFailure(new GatewayError(error)).title}.`;
      },
      connection: (state, attempt) => {
        if (state === 'reconnecting') {
          note.textContent = `Connection lost, reconnecting (try ${attempt})… nothing found meanwhile is lost.`;
        }
        if (state === 'reconnected') note.textContent = 'Reconnected: following new employments again.';
      },
    },
    (data) => data.newEmploymentsAvailable.cursor,
  );
  stopCurrent = stop;
}

/** The failure panel: what happened, in words, and the action that helps. */
function fail(failure: Failure, attempt: Attempt | undefined): void {
  stopCurrent();
  show(waitPanel, false);
  setBusy(false);
  failed = failure.retry === 'no' ? undefined : attempt;
  byId('failure-title').textContent = failure.title;
  byId('failure-detail').textContent = failure.detail;
  byId('failure-code').textContent = failure.code ? `Code: ${failure.code}` : '';
  show(retryButton, failed !== undefined);
  show(failurePanel, true);
  if (failure.atCedula) showCedulaProblem(failure.title);
  announce('');
  if (failure.retry === 'after' && failed) countdown(failure.retryAfterSeconds ?? 10);
  byId('failure-title').focus();
}

/** RATE_LIMITED and the like: the retry waits for the time the gateway gave, shown as it runs down. */
function countdown(seconds: number): void {
  let left = seconds;
  retryButton.disabled = true;
  const label = () => (retryButton.textContent = `Try again in ${left} s`);
  label();
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) return label();
    clearInterval(timer);
    retryButton.disabled = false;
    retryButton.textContent = 'Try again';
    announce('You can try again now.');
  }, 1000);
  stopCurrent = () => {
    clearInterval(timer);
    retryButton.disabled = false;
    retryButton.textContent = 'Try again';
  };
}
