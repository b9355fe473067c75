/**
 * The config module: one declaration per environment variable, grouped by topic in `config/`.
 * Everything else imports from here and receives a validated `Config`.
 */
export { ConfigError } from './config/env.js';
export { loadEnvFile } from './config/env-file.js';
export { loadConfig } from './config/load.js';
export type { Config } from './config/schema.js';
export type { ApiKeyEntry, ClientAuthConfig } from './config/auth.js';
export type { Mode, UpstreamBudgetConfig } from './config/belvo.js';
export type { OperationLimits } from './config/graphql.js';
export type { SseConfig, WebSocketConfig } from './config/push.js';
export type { HttpServerConfig } from './config/server.js';
export type { SandboxConfig } from './config/simulator.js';
export type { DatabaseConfig, StateConfig } from './config/state.js';
export type { TelemetryConfig } from './config/telemetry.js';

import type { Config } from './config/schema.js';

export type BelvoConfig = Config['belvo'];
