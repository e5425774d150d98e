/** `npm run openapi`: writes the server's OpenAPI document to docs/openapi.json. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { OPENAPI_FILE, openApiDocument } from '../src/http/openapi.ts';

const file = path.resolve(import.meta.dirname, '..', OPENAPI_FILE);
writeFileSync(file, await openApiDocument());
console.log(`wrote ${OPENAPI_FILE}`);
