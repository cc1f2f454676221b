import { describe, expect, it } from 'vitest';
import {
  currentEventFailures,
  eventPullFailure,
  hostsIn,
  podPullFailures,
  podUidOf,
} from '../../src/cluster/pulls.js';
import { builtinRules } from '../../src/rules/index.js';
import { obj, podSpec } from './fixtures.js';

describe('pull failures', () => {
  it('names every host a message mentions, the image first', () => {
    const message =
      'Failed to pull image "k8s.gcr.io/pause:3.2": failed to resolve reference: Get "https://registry.k8s.io/v2/pause/manifests/3.2": dial tcp: lookup registry.k8s.io: no such host';
    expect(hostsIn(message, 'k8s.gcr.io/pause:3.2')).toEqual(['k8s.gcr.io', 'registry.k8s.io']);
    expect(hostsIn('Get "https://europe-west1-docker.pkg.dev/v2/x": 403', null)).toEqual([
      'europe-west1-docker.pkg.dev',
    ]);
  });

  it('reads ErrImagePull and ImagePullBackOff waiting states of every container list', () => {
    const pod = obj('v1', 'Pod', 'p', {
      namespace: 'a',
      spec: podSpec(
        { app: 'k8s.gcr.io/app:1' },
        { initContainers: [{ name: 'init', image: 'registry.k8s.io/init:1' }] },
      ),
      status: {
        initContainerStatuses: [
          { name: 'init', state: { waiting: { reason: 'ErrImagePull', message: 'boom' } } },
        ],
        containerStatuses: [
          {
            name: 'app',
            state: {
              waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "k8s.gcr.io/app:1"' },
            },
          },
        ],
      },
    });
    const failures = podPullFailures('ctx', pod, builtinRules);
    expect(failures.map((f) => [f.container, f.reason, f.image, f.hosts, f.oldRegistry])).toEqual([
      ['init', 'ErrImagePull', 'registry.k8s.io/init:1', ['registry.k8s.io'], false],
      ['app', 'ImagePullBackOff', 'k8s.gcr.io/app:1', ['k8s.gcr.io'], true],
    ]);
  });

  it('ignores other waiting reasons', () => {
    const pod = obj('v1', 'Pod', 'p', {
      spec: podSpec({ app: 'k8s.gcr.io/app:1' }),
      status: { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] },
    });
    expect(podPullFailures('ctx', pod, builtinRules)).toEqual([]);
  });

  it('reads sandbox and pull events, and ignores other Failed events', () => {
    const sandbox = {
      ...obj('v1', 'Event', 'e1', { namespace: 'a' }),
      reason: 'FailedCreatePodSandBox',
      message:
        'Failed to create pod sandbox: failed to get sandbox image "k8s.gcr.io/pause:3.6": 403 Forbidden',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'a' },
      count: 4,
    };
    const f = eventPullFailure('ctx', sandbox, builtinRules);
    expect(f).toMatchObject({
      reason: 'FailedCreatePodSandBox',
      image: 'k8s.gcr.io/pause:3.6',
      hosts: ['k8s.gcr.io'],
      count: 4,
      oldRegistry: true,
    });
    const other = { ...sandbox, reason: 'Failed', message: 'Error: container has runAsNonRoot' };
    expect(eventPullFailure('ctx', other, builtinRules)).toBeUndefined();
    // What a real kubelet also sends, echoing the container status (reported from the status instead).
    for (const echo of ['Error: ErrImagePull', 'Error: ImagePullBackOff']) {
      expect(
        eventPullFailure('ctx', { ...sandbox, reason: 'Failed', message: echo }, builtinRules),
      ).toBeUndefined();
    }
    const pull = {
      ...sandbox,
      reason: 'Failed',
      message: 'Failed to pull image "k8s.gcr.io/x:1": not found',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'a', fieldPath: 'spec.containers{app}' },
    };
    expect(eventPullFailure('ctx', pull, builtinRules)).toMatchObject({
      container: 'app',
      image: 'k8s.gcr.io/x:1',
    });
  });

  it('keeps an event failure only while its Pod exists, or when Pods could not be listed', () => {
    const event = (uid: string | undefined, name: string) => ({
      ...obj('v1', 'Event', name, { namespace: 'a' }),
      reason: 'Failed',
      message: 'Failed to pull image "k8s.gcr.io/x:1": not found',
      involvedObject: { kind: 'Pod', name, namespace: 'a', ...(uid ? { uid } : {}) },
    });
    const failures = [event('u-live', 'live'), event('u-gone', 'gone'), event(undefined, 'unknown')].map(
      (e) => ({
        failure: eventPullFailure('ctx', e, builtinRules)!,
        podUid: podUidOf(e),
      }),
    );
    const names = (list: { object: { name: string } }[]) => list.map((f) => f.object.name);
    expect(names(currentEventFailures(failures, new Set(['u-live'])))).toEqual(['live', 'unknown']);
    expect(names(currentEventFailures(failures, undefined))).toEqual(['live', 'gone', 'unknown']);
  });
});
