import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  INSTITUTION,
  type BelvoEmployment,
  type BelvoLink,
  type BelvoOwner,
  type FetchResource,
  type WebhookEnvelope,
} from '../belvo/contract/types.js';
import { syntheticEmployments, syntheticNewEmployment, syntheticOwner } from './data.js';
import type { ValidLinkBody } from './validation.js';
import type { WebhookSender } from './webhooks.js';

/**
 * Documented cédula prefixes that make the simulator fail like the institution would.
 * Everything else (6–10 digits) succeeds with synthetic data.
 */
export const FAILING_CEDULA_PREFIXES = {
  '999': 'login_error',
  '888': 'institution_down',
  '777': 'too_many_sessions',
  /** The link is created, but extraction later fails with an `invalid_credentials` LINK webhook. */
  '666': 'invalid_credentials_later',
} as const;

export type CreateFailure = 'login_error' | 'institution_down' | 'too_many_sessions';

export function failureFor(cedula: string): CreateFailure | undefined {
  const outcome = FAILING_CEDULA_PREFIXES[cedula.slice(0, 3) as keyof typeof FAILING_CEDULA_PREFIXES];
  return outcome === 'invalid_credentials_later' ? undefined : outcome;
}

export const newRequestId = () => randomBytes(16).toString('hex');

export interface LinkState {
  link: BelvoLink;
  cedula: string;
  lastRefreshAt: number;
  newEmploymentSequence: number;
  timers: Set<NodeJS.Timeout>;
}

export interface WorldOptions {
  extractionDelayMs: number;
  recurrentIntervalMs: number;
  refreshCooldownMs: number;
  now: () => Date;
  webhooks: WebhookSender;
}

/** The simulator's state: links and the data Belvo would hold for them, plus the background work. */
export class World {
  readonly links = new Map<string, LinkState>();
  employments: BelvoEmployment[] = [];
  owners: BelvoOwner[] = [];
  private readonly createdBy = randomUUID();

  constructor(private readonly options: WorldOptions) {}

  createLink(body: ValidLinkBody): BelvoLink {
    const now = this.options.now();
    const link: BelvoLink = {
      id: randomUUID(),
      institution: INSTITUTION,
      access_mode: body.access_mode,
      status: 'valid',
      created_by: this.createdBy,
      created_at: now.toISOString(),
      last_accessed_at: now.toISOString(),
      external_id: body.external_id,
      institution_user_id: institutionUserId(body.username),
      // Belvo's default for recurrent links; single links never refresh.
      refresh_rate: body.access_mode === 'recurrent' ? '7d' : null,
      credentials_storage: body.credentials_storage,
      stale_in: body.stale_in,
      fetch_resources: body.fetch_resources,
    };
    const state: LinkState = {
      link,
      cedula: body.username,
      lastRefreshAt: now.getTime(),
      newEmploymentSequence: 0,
      timers: new Set(),
    };
    this.links.set(link.id, state);
    this.later(state, this.options.extractionDelayMs, () => this.extract(state, body.fetch_resources, true));
    return link;
  }

  /** Returns false when the cooldown since the last update has not passed (`link_refreshed`). */
  refresh(id: string, resources: FetchResource[], requestId: string): 'accepted' | 'cooldown' {
    const state = this.links.get(id);
    if (!state) throw new Error('unknown link');
    const now = this.options.now().getTime();
    if (now - state.lastRefreshAt < this.options.refreshCooldownMs) return 'cooldown';
    state.lastRefreshAt = now;
    this.later(state, this.options.extractionDelayMs, () => this.extract(state, resources, false, requestId));
    return 'accepted';
  }

  /** `requestId`: the 202's, for an async delete, which its `link_deleted` webhook carries. */
  deleteLink(id: string, notify: boolean, requestId: string = randomUUID()): void {
    const state = this.links.get(id);
    if (!state) return;
    for (const timer of state.timers) clearTimeout(timer);
    this.links.delete(id);
    this.employments = this.employments.filter((item) => item.link !== id);
    this.owners = this.owners.filter((item) => item.link !== id);
    if (notify) this.notify(state.link, 'LINK', null, 'link_deleted', {}, requestId);
  }

  /** Extracts right now (the `POST` retrieve endpoints), without webhooks. */
  extractNow(id: string, resource: FetchResource): void {
    const state = this.links.get(id);
    if (state) this.store(state, [resource]);
  }

  /** What an extraction would find right now, stored nowhere (`save_data: false`). */
  preview(id: string, resource: FetchResource): Array<BelvoEmployment | BelvoOwner> {
    const state = this.links.get(id);
    if (!state) return [];
    const now = this.options.now();
    if (resource === 'OWNERS') return [this.ownerRecord(state, now)];
    return syntheticEmployments(state.cedula, now).map((synthetic) =>
      this.employmentRecord(state, synthetic, now),
    );
  }

  close(): void {
    for (const state of this.links.values()) for (const timer of state.timers) clearTimeout(timer);
  }

  private extract(
    state: LinkState,
    resources: FetchResource[],
    firstTime: boolean,
    requestId: string = randomUUID(),
  ): void {
    if (state.cedula.startsWith('666')) {
      state.link.status = 'invalid';
      this.notify(state.link, 'LINK', 'recurrent_update', 'invalid_credentials', {
        error_code: 'login_error',
        error_message: 'Invalid credentials provided to login to the institution',
        status: 400,
      });
      return;
    }
    this.store(state, resources);
    const link = state.link;
    if (resources.includes('EMPLOYMENTS')) {
      const total = this.employments.filter((item) => item.link === link.id).length;
      this.notify(
        link,
        'EMPLOYMENTS',
        'historical_update',
        'historical_update',
        { total_employments: total },
        requestId,
      );
    }
    if (resources.includes('OWNERS')) {
      const total = this.owners.filter((item) => item.link === link.id).length;
      this.notify(
        link,
        'OWNERS',
        'historical_update',
        'historical_update',
        { total_owners: total },
        requestId,
      );
    }
    if (firstTime && link.access_mode === 'recurrent' && this.options.recurrentIntervalMs > 0) {
      this.scheduleRecurrent(state);
    }
  }

  private scheduleRecurrent(state: LinkState): void {
    this.later(state, this.options.recurrentIntervalMs, () => {
      if (!this.links.has(state.link.id) || state.link.access_mode !== 'recurrent') return;
      const now = this.options.now();
      state.newEmploymentSequence += 1;
      this.employments.push(
        this.employmentRecord(
          state,
          syntheticNewEmployment(state.cedula, state.newEmploymentSequence, now),
          now,
        ),
      );
      state.link.last_accessed_at = now.toISOString();
      this.notify(state.link, 'EMPLOYMENTS', 'recurrent_update', 'new_employments_available', {
        new_employments: 1,
      });
      this.scheduleRecurrent(state);
    });
  }

  /** A historical update replaces what Belvo held for the link. */
  private store(state: LinkState, resources: FetchResource[]): void {
    const now = this.options.now();
    const id = state.link.id;
    state.link.last_accessed_at = now.toISOString();
    if (resources.includes('EMPLOYMENTS')) {
      this.employments = this.employments.filter((item) => item.link !== id);
      for (const synthetic of syntheticEmployments(state.cedula, now)) {
        this.employments.push(this.employmentRecord(state, synthetic, now));
      }
    }
    if (resources.includes('OWNERS')) {
      this.owners = this.owners.filter((item) => item.link !== id);
      this.owners.push(this.ownerRecord(state, now));
    }
  }

  private ownerRecord(state: LinkState, now: Date): BelvoOwner {
    return {
      id: randomUUID(),
      link: state.link.id,
      collected_at: now.toISOString(),
      created_at: now.toISOString(),
      ...syntheticOwner(state.cedula),
    };
  }

  private employmentRecord(
    state: LinkState,
    synthetic: Pick<BelvoEmployment, 'employer_data' | 'salary_and_benefit_details'>,
    now: Date,
  ): BelvoEmployment {
    return {
      id: randomUUID(),
      link: state.link.id,
      created_at: now.toISOString(),
      collected_at: new Date(now.getTime() - 2_000).toISOString(),
      ...synthetic,
    };
  }

  private notify(
    link: BelvoLink,
    type: string,
    processType: string | null,
    code: string,
    data: Record<string, unknown>,
    requestId: string = randomUUID(),
  ): void {
    const envelope: WebhookEnvelope = {
      webhook_id: randomBytes(16).toString('hex'),
      webhook_type: type,
      process_type: processType,
      webhook_code: code,
      link_id: link.id,
      request_id: requestId,
      external_id: link.external_id,
      data,
    };
    this.options.webhooks.send(envelope);
  }

  /** Work for a link after a delay, cancelled by close() (a stopped simulator leaves no timer behind). */
  later(state: LinkState, delayMs: number, work: () => void): void {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      work();
    }, delayMs);
    state.timers.add(timer);
  }
}

/** 44 characters of `[A-Za-z0-9_=-]`, stable per person, revealing nothing about the cédula. */
function institutionUserId(cedula: string): string {
  return `${createHash('sha256').update(`institution-user:${cedula}`).digest('base64url')}=`;
}
