// The patch plan's floor: the plan's own dry-runs (read from an earlier plan's JSON) sent at once, with
// nothing else to do. `bench cluster` starts this beside `regshift cluster`, both at time zero: no plan
// that scans and dry-runs each patch can finish sooner, since this one needs no scan to know its patches.
// Plain JavaScript and Node's https, so it starts in a fraction of regshift's time.
// Usage: node bench/cluster-dry-runs.mjs SERVER CA CERT KEY PLAN.json CONCURRENCY
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

const [server, ca, cert, key, planFile, concurrency] = process.argv.slice(2);
const agent = new Agent({
  keepAlive: true,
  maxSockets: Number(concurrency),
  ca: readFileSync(ca),
  cert: readFileSync(cert),
  key: readFileSync(key),
});
const plurals = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  CronJob: 'cronjobs',
};
const patches = JSON.parse(readFileSync(planFile, 'utf8')).patches.filter((e) => e.action === 'patch');

function dryRun(e) {
  const path = `/apis/${e.object.apiVersion}/namespaces/${e.namespace}/${plurals[e.object.kind]}/${e.object.name}`;
  const url = new URL(`${path}?fieldManager=regshift&dryRun=All`, server);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'PATCH', agent, headers: { 'content-type': 'application/json-patch+json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          // Parsed, as the plan parses each answer for its diff.
          JSON.parse(Buffer.concat(chunks).toString());
          if (res.statusCode === 200) resolve();
          else reject(new Error(`${path}: HTTP ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(e.operations));
  });
}

let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < patches.length) await dryRun(patches[next++]);
  }),
);
agent.destroy();
