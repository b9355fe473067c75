import 'reflect-metadata';
import { afterAll } from 'vitest';
import { dropTestDatabases } from './database.js';

// Every database a test file created is dropped after it, passed or failed.
afterAll(dropTestDatabases);
