// Byte-exact check of a mirror: every manifest at the destination has the source's bytes, every blob is there.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const accept = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

async function manifest(ref: string, crane: string): Promise<Buffer> {
  const { stdout } = await run(crane, ['manifest', '--insecure', ref], {
    encoding: 'buffer',
    maxBuffer: 1 << 24,
  });
  return stdout;
}

async function blobThere(
  registry: string,
  repository: string,
  digest: string,
  size: number,
): Promise<boolean> {
  const answer = await fetch(`http://${registry}/v2/${repository}/blobs/${digest}`, {
    method: 'HEAD',
    headers: { accept },
  });
  return answer.status === 200 && Number(answer.headers.get('content-length')) === size;
}

interface Json {
  manifests?: { digest: string }[];
  config?: { digest: string; size: number };
  layers?: { digest: string; size: number }[];
}

/** Undefined when `dst/<prefix>/<name>` equals `src/<name>` byte for byte (crane reads both); else what differs. */
export async function verifyCopy(
  src: string,
  dst: string,
  name: string,
  crane: string,
): Promise<string | undefined> {
  const repository = `mirror/${name.slice(0, name.lastIndexOf(':'))}`;
  const repoOnly = (ref: string) => ref.slice(0, ref.lastIndexOf(':'));
  const queue: [string, string][] = [[`${src}/${name}`, `${dst}/mirror/${name}`]];
  while (queue.length > 0) {
    const [from, to] = queue.shift()!;
    const [a, b] = await Promise.all([
      manifest(from, crane),
      manifest(to, crane).catch(() => Buffer.alloc(0)),
    ]);
    if (!a.equals(b)) return `${to}: manifest differs from ${from}`;
    const json = JSON.parse(a.toString('utf8')) as Json;
    for (const child of json.manifests ?? [])
      queue.push([`${repoOnly(from)}@${child.digest}`, `${dst}/${repository}@${child.digest}`]);
    for (const blob of [...(json.config ? [json.config] : []), ...(json.layers ?? [])])
      if (!(await blobThere(dst, repository, blob.digest, blob.size)))
        return `${to}: blob ${blob.digest} missing`;
  }
  return undefined;
}
