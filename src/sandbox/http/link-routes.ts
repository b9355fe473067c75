/** Belvo's link endpoints: create, list, get, patch, new credentials, delete, refresh. */
import { listPage } from '../listing.js';
import { validateCreateLink, validateFetchResources, validatePatchLink } from '../validation.js';
import { failureFor, newRequestId, type LinkState, type World } from '../world.js';
import { FAILURE_MESSAGES, HttpAnswer, belvoError, notFound } from './answer.js';
import { listAnswer } from './list-answer.js';
import type { Call, Router } from './routes.js';

const LINK_FILTERS = [
  'id',
  'institution',
  'access_mode',
  'status',
  'external_id',
  'institution_user_id',
  'created_at',
];

/** How long an async delete takes before its `link_deleted` webhook. */
const ASYNC_DELETE_MS = 50;

export function linkRoutes(router: Router, world: World): void {
  router.collection('/api/links/', {
    GET: ({ url }) =>
      listAnswer(() =>
        listPage(
          [...world.links.values()].map((state) => state.link),
          url,
          LINK_FILTERS,
        ),
      ),
    POST: ({ body }) => createLink(world, body),
  });
  router.item('/api/links/:id/', (id) => world.links.get(id), {
    GET: (_, state) => new HttpAnswer(200, state.link),
    DELETE: (call, state) => deleteLink(world, state, call),
    PATCH: ({ body }, state) => patchLink(state, body),
    PUT: ({ body }, state) => updateCredentials(state, body),
  });
  router.collection('/api/links/:id/refresh/', {
    POST: ({ id, body }) => refreshLink(world, id ?? '', body),
  });
}

function createLink(world: World, body: unknown): HttpAnswer {
  const valid = validateCreateLink(body);
  if ('code' in valid) return belvoError(400, valid);
  const failure = failureFor(valid.username);
  if (failure) return belvoError(400, { code: failure, message: FAILURE_MESSAGES[failure] });
  return new HttpAnswer(201, world.createLink(valid));
}

function refreshLink(world: World, id: string, body: unknown): HttpAnswer {
  const state = world.links.get(id);
  if (!state) return notFound();
  const requested = (body as { fetch_resources?: unknown } | undefined)?.fetch_resources;
  const resources = validateFetchResources(requested ?? state.link.fetch_resources);
  if (!Array.isArray(resources)) return belvoError(400, resources);
  // The webhooks this refresh causes carry the request_id of its 202.
  const requestId = newRequestId();
  if (world.refresh(id, resources, requestId) === 'cooldown') {
    return belvoError(409, {
      code: 'link_refreshed',
      message: 'The link was refreshed in the last 10 minutes',
    });
  }
  return new HttpAnswer(202, { request_id: requestId });
}

function deleteLink(world: World, state: LinkState, call: Call): HttpAnswer {
  const id = state.link.id;
  if (!call.async) {
    world.deleteLink(id, false);
    return new HttpAnswer(204);
  }
  const requestId = newRequestId();
  world.later(state, ASYNC_DELETE_MS, () => world.deleteLink(id, true, requestId));
  return new HttpAnswer(202, { request_id: requestId });
}

function patchLink(state: LinkState, body: unknown): HttpAnswer {
  const patch = validatePatchLink(body);
  if ('code' in patch) return belvoError(400, patch);
  if (
    patch.access_mode === 'recurrent' &&
    state.link.access_mode !== 'recurrent' &&
    state.link.credentials_storage === 'nostore'
  ) {
    return belvoError(400, {
      code: 'invalid_access_mode_switch',
      message: 'A link without stored credentials cannot become recurrent.',
      field: 'access_mode',
    });
  }
  Object.assign(state.link, patch);
  if (patch.access_mode) state.link.refresh_rate = patch.access_mode === 'recurrent' ? '7d' : null;
  return new HttpAnswer(200, state.link);
}

/**
 * `PUT /api/links/{id}/`: new credentials for a link (the recovery after `invalid_credentials`).
 * This institution logs in with the cédula alone, so a username, if sent, must be a cédula.
 */
function updateCredentials(state: LinkState, body: unknown): HttpAnswer {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return belvoError(400, { code: 'invalid', message: 'Invalid data. Expected a dictionary.' });
  }
  const username = (body as { username?: unknown }).username;
  if (username !== undefined && (typeof username !== 'string' || !/^\d{6,10}$/.test(username))) {
    return belvoError(400, {
      code: 'invalid',
      message: 'Enter a valid document number.',
      field: 'username',
    });
  }
  if (typeof username === 'string' && username !== state.cedula) {
    return belvoError(400, { code: 'login_error', message: FAILURE_MESSAGES.login_error });
  }
  state.link.status = 'valid';
  state.link.last_accessed_at = new Date().toISOString();
  return new HttpAnswer(200, state.link);
}
