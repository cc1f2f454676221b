import { createRequire } from 'node:module';

// package.json is the single source of the version; read it at run time so it is never out of date.
const require = createRequire(import.meta.url);
export const version: string = (require('../package.json') as { version: string }).version;
