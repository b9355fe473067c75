/**
 * Every setting, assembled into the shape the gateway reads (`Config`), then resolved: the mode
 * from Belvo's keys, and the defaults and checks that depend on it or on other settings.
 */
import { z } from 'zod';
import { authSettings, resolveClientAuth } from './auth.js';
import { belvoSettings, modeOf, resolveBelvo, resolveWebhookAuthorizations } from './belvo.js';
import { cacheSettings, resolveCacheKey } from './cache.js';
import { graphqlSettings } from './graphql.js';
import { pushSettings } from './push.js';
import { serverSettings } from './server.js';
import { simulatorSettings } from './simulator.js';
import { resolveState, stateSettings } from './state.js';
import { logFormatFor, resolveTelemetry, telemetrySettings } from './telemetry.js';

export const settingsSchema = z.object({
  ...serverSettings,
  ...belvoSettings,
  ...stateSettings,
  ...cacheSettings,
  ...authSettings,
  ...pushSettings,
  ...graphqlSettings,
  ...telemetrySettings,
  ...simulatorSettings,
});

type Settings = z.infer<typeof settingsSchema>;

function resolve(settings: Settings, stdoutIsTerminal: boolean) {
  const mode = modeOf(settings.belvo);
  const production = settings.nodeEnv === 'production';
  return {
    mode,
    host: settings.host,
    port: settings.port,
    /** Public origin used in startup output and the embedded simulator's webhook URL. */
    publicUrl: settings.publicUrl,
    belvo: resolveBelvo(settings.belvo),
    webhookAuthorizations: resolveWebhookAuthorizations(
      settings.webhookAuthorization,
      settings.webhookAuthorizationPrevious,
      mode,
    ),
    webhookSenders: settings.webhookSenders,
    http: settings.http,
    bodyLimitBytes: settings.bodyLimitBytes,
    ws: settings.ws,
    sse: settings.sse,
    clientAuth: resolveClientAuth(settings.clientAuth, mode, settings.host),
    limits: settings.limits,
    introspection: settings.introspection ?? !production,
    explorer: settings.explorer ?? !production,
    referenceApp: settings.referenceApp ?? mode === 'embedded',
    stackTraces: settings.stackTraces,
    hideSuggestions: settings.hideSuggestions ?? production,
    redisUrl: settings.redisUrl,
    cacheEncryptionKey: resolveCacheKey(settings.cacheEncryptionKey, settings.redisUrl, mode),
    cacheTtlMs: settings.cacheTtlMs,
    cacheStaleTtlMs: settings.cacheStaleTtlMs,
    // Whole answers never outlive the reads they were made of.
    responseCacheTtlMs: Math.min(settings.cacheTtlMs, settings.responseCacheTtlMs),
    state: resolveState(settings.state, mode),
    logLevel: settings.logLevel,
    logFormat: logFormatFor(settings.logFormat, stdoutIsTerminal),
    logRepeatSummaryMs: settings.logRepeatSummaryMs,
    readinessCacheMs: settings.readinessCacheMs,
    telemetry: resolveTelemetry(settings.telemetry),
    sandbox: settings.sandbox,
  };
}

/** The input is the environment's values plus one fact about the process: is stdout a terminal? */
export const configSchema = settingsSchema
  .extend({ stdoutIsTerminal: z.boolean() })
  .transform(({ stdoutIsTerminal, ...settings }) => resolve(settings, stdoutIsTerminal));

export type Config = z.infer<typeof configSchema>;
