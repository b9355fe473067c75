/** Belvo's data endpoints: Colombian employments and owners (list, retrieve, get, delete). */
import type { FetchResource } from '../../belvo/contract/types.js';
import { listPage } from '../listing.js';
import { validateRetrieve } from '../validation.js';
import { newRequestId, type World } from '../world.js';
import { HttpAnswer, belvoError } from './answer.js';
import { listAnswer } from './list-answer.js';
import type { Call, Router } from './routes.js';

const DATA_FILTERS = ['id', 'link', 'created_at'];

const RESOURCES: Record<FetchResource, { path: string; filters: string[] }> = {
  EMPLOYMENTS: { path: '/api/co/employments/', filters: DATA_FILTERS },
  OWNERS: { path: '/api/owners/', filters: [...DATA_FILTERS, 'email', 'display_name'] },
};

interface Item {
  id: string;
  link: string;
}

export function dataRoutes(router: Router, world: World, now: () => Date): void {
  for (const [resource, { path, filters }] of Object.entries(RESOURCES) as Array<
    [FetchResource, (typeof RESOURCES)[FetchResource]]
  >) {
    // Read at each call: deletes replace the world's arrays.
    const items = (): Item[] => (resource === 'EMPLOYMENTS' ? world.employments : world.owners);
    router.collection(path, {
      GET: ({ url }) => listAnswer(() => listPage(items(), url, filters)),
      POST: (call) => retrieve(world, resource, call, now),
    });
    router.item(`${path}:id/`, (id) => items().find((item) => item.id === id), {
      GET: (_, item) => new HttpAnswer(200, item),
      DELETE: (_, item) => {
        if (resource === 'EMPLOYMENTS')
          world.employments = world.employments.filter((other) => other !== item);
        else world.owners = world.owners.filter((other) => other !== item);
        return new HttpAnswer(204);
      },
    });
  }
}

/** `POST /api/co/employments/` and `POST /api/owners/`: extract now and answer the items. */
function retrieve(world: World, resource: FetchResource, { body, async }: Call, now: () => Date): HttpAnswer {
  const today = now().toISOString().slice(0, 10);
  const input = validateRetrieve(body, today, resource === 'EMPLOYMENTS');
  if ('code' in input) return belvoError(400, input);
  const state = world.links.get(input.link);
  if (!state)
    return belvoError(400, { code: 'does_not_exist', message: 'Link does not exist.', field: 'link' });
  const id = state.link.id;
  if (async) {
    const requestId = newRequestId();
    world.later(state, 0, () => world.refresh(id, [resource], requestId));
    return new HttpAnswer(202, { request_id: requestId });
  }
  // `save_data: false` answers what the institution has now and stores nothing.
  if (!input.save_data) return new HttpAnswer(200, world.preview(id, resource));
  world.extractNow(id, resource);
  const items: Item[] = resource === 'EMPLOYMENTS' ? world.employments : world.owners;
  return new HttpAnswer(
    201,
    items.filter((item) => item.link === id),
  );
}
