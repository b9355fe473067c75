/** `npm run schema`: writes schema/schema.graphql from the code. */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { buildGatewaySchema, printGatewaySchema } from './schema.js';

const path = new URL('../../schema/schema.graphql', import.meta.url);
await writeFile(path, printGatewaySchema(await buildGatewaySchema()));
console.log(`wrote ${path.pathname}`);
