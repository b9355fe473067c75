import 'reflect-metadata';
import { devNull } from 'node:os';
import { afterAll } from 'vitest';
import { dropTestDatabases } from './database.js';

// A developer's `.env` (the README has them create one) must not reach the gateways, simulators and
// `npm start`s the tests spawn: they inherit this environment, and an ENV_FILE naming an empty file
// makes them read that instead of the checkout's `.env`.
process.env.ENV_FILE = devNull;

// Every database a test file created is dropped after it, passed or failed.
afterAll(dropTestDatabases);
