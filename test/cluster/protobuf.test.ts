// The protobuf reader on hand-encoded messages: kept fields in their JSON shape, everything else skipped
// by length, and input that lies about lengths refused rather than read past.
import { describe, expect, it } from 'vitest';
import { decode, decodeEnvelope, ProtobufError } from '../../src/cluster/protobuf.js';
import { itemSchemas, listSchema, statusSchema } from '../../src/cluster/protobuf-schemas.js';

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const bytes = (field: number, body: number[] | string) => {
  const b = typeof body === 'string' ? [...Buffer.from(body)] : body;
  return [...varint((field << 3) | 2), ...varint(b.length), ...b];
};
const int = (field: number, n: number) => [...varint(field << 3), ...varint(n)];
const entry = (field: number, key: string, value: string) =>
  bytes(field, [...bytes(1, key), ...bytes(2, value)]);
const envelope = (object: number[]) =>
  Buffer.from([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...bytes(1, [...bytes(1, 'v1'), ...bytes(2, 'PodList')]),
    ...bytes(2, object),
  ]);

const pod = [
  ...bytes(1, [
    ...bytes(1, 'web-1'),
    ...bytes(3, 'shop'),
    ...bytes(5, 'uid-1'),
    ...entry(11, 'app', 'web'),
    ...entry(12, 'meta.helm.sh/release-name', 'shop'),
    ...bytes(13, [
      ...bytes(1, 'ReplicaSet'),
      ...bytes(3, 'web'),
      ...bytes(4, 'uid-rs'),
      ...bytes(5, 'apps/v1'),
      ...int(6, 1),
    ]),
    // managedFields (17): skipped without being read.
    ...bytes(17, [...bytes(1, 'kubectl'), ...bytes(7, 'x'.repeat(300))]),
  ]),
  ...bytes(2, [
    ...bytes(2, [...bytes(1, 'web'), ...bytes(2, 'k8s.gcr.io/pause:3.2'), ...bytes(7, [...bytes(1, 'A')])]),
    ...bytes(20, [...bytes(1, 'init'), ...bytes(2, 'k8s.gcr.io/busybox')]),
    ...bytes(34, [...bytes(1, [...bytes(1, 'debug'), ...bytes(2, 'k8s.gcr.io/debug')]), ...bytes(2, 'web')]),
    ...int(4, 30),
  ]),
  ...bytes(3, [
    ...bytes(1, 'Pending'),
    ...bytes(8, [
      ...bytes(1, 'web'),
      ...bytes(2, [...bytes(1, [...bytes(1, 'ErrImagePull'), ...bytes(2, 'no such host')])]),
      ...bytes(6, 'k8s.gcr.io/pause:3.2'),
      ...bytes(7, 'docker-pullable://k8s.gcr.io/pause@sha256:abc'),
    ]),
  ]),
];

describe('protobuf lists', () => {
  it('decodes a pod list into the JSON shape, with only the fields a scan reads', () => {
    const list = [
      ...bytes(1, [...bytes(2, '42'), ...bytes(3, 'next-token')]),
      ...bytes(2, pod),
      ...bytes(2, pod),
    ];
    const page = decodeEnvelope(envelope(list), listSchema(itemSchemas['v1 Pod']!));
    expect(page['metadata']).toEqual({ continue: 'next-token' });
    expect(page['items']).toHaveLength(2);
    expect((page['items'] as unknown[])[0]).toEqual({
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        uid: 'uid-1',
        labels: { app: 'web' },
        annotations: { 'meta.helm.sh/release-name': 'shop' },
        ownerReferences: [
          { kind: 'ReplicaSet', name: 'web', uid: 'uid-rs', apiVersion: 'apps/v1', controller: true },
        ],
      },
      spec: {
        containers: [{ name: 'web', image: 'k8s.gcr.io/pause:3.2' }],
        initContainers: [{ name: 'init', image: 'k8s.gcr.io/busybox' }],
        ephemeralContainers: [{ name: 'debug', image: 'k8s.gcr.io/debug' }],
      },
      status: {
        containerStatuses: [
          {
            name: 'web',
            state: { waiting: { reason: 'ErrImagePull', message: 'no such host' } },
            image: 'k8s.gcr.io/pause:3.2',
            imageID: 'docker-pullable://k8s.gcr.io/pause@sha256:abc',
          },
        ],
      },
    });
  });

  it('finds a CronJob template under spec.jobTemplate.spec.template', () => {
    const cron = [
      ...bytes(1, [...bytes(1, 'nightly')]),
      ...bytes(2, [
        ...bytes(1, '0 0 * * *'),
        ...bytes(5, [
          ...bytes(2, [
            ...bytes(6, [
              ...bytes(2, [...bytes(2, [...bytes(1, 'job'), ...bytes(2, 'k8s.gcr.io/busybox')])]),
            ]),
          ]),
        ]),
      ]),
    ];
    const o = decode(Buffer.from(cron), 0, cron.length, itemSchemas['batch/v1 CronJob']!);
    expect(o).toEqual({
      metadata: { name: 'nightly' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'job', image: 'k8s.gcr.io/busybox' }] } } },
        },
      },
    });
  });

  it('reads the message of an error Status', () => {
    const status = [
      ...bytes(2, 'Failure'),
      ...bytes(3, 'pods is forbidden'),
      ...bytes(4, 'Forbidden'),
      ...int(6, 403),
    ];
    expect(decodeEnvelope(envelope(status), statusSchema)).toEqual({
      message: 'pods is forbidden',
      reason: 'Forbidden',
      code: 403,
    });
  });

  it('refuses lengths that run past the message, and bytes without the envelope', () => {
    const lying = [...varint((1 << 3) | 2), ...varint(1000), 1, 2, 3];
    expect(() => decode(Buffer.from(lying), 0, lying.length, itemSchemas['v1 Pod']!)).toThrow(ProtobufError);
    const nested = [...bytes(1, [...varint((1 << 3) | 2), ...varint(50), 65])];
    expect(() => decode(Buffer.from(nested), 0, nested.length, itemSchemas['v1 Pod']!)).toThrow(
      ProtobufError,
    );
    expect(() => decodeEnvelope(Buffer.from('{"kind":"PodList"}'), statusSchema)).toThrow(ProtobufError);
  });
});
