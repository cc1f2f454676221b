// For the README's drill by hand: `node --import tsx test/drill/old-registry.ts` starts the old-registry front
// (registry.k8s.io-like redirects to a loopback port nobody listens on, as k8s.gcr.io's now lead where a
// restricted network does not go), tells the node's containerd to speak plain HTTP to it, prints
// `export OLD=… BLOCKED=…` and serves until interrupted.

import { requireNode, testEnv, trustRegistry } from '../env/index.js';
import { startOldRegistry } from './old-front.js';

const node = requireNode(testEnv());
const { front, blocked } = await startOldRegistry();
trustRegistry(node.hostsDir, front.host, { plainHttp: true });
process.stdout.write(`export OLD=${front.host} BLOCKED=${blocked}\n`);
process.once('SIGINT', () => void front.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void front.close().then(() => process.exit(0)));
