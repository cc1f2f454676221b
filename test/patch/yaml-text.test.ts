// The plan's YAML emitter: whatever JSON data it is given, YAML reads back the same data, and objects
// look as kubectl diff prints them (block style, sequences at their key's indentation).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { yamlText } from '../../src/patch/yaml-text.js';

describe('yamlText', () => {
  it('reads back as the same data, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const data = JSON.parse(JSON.stringify(value));
        expect(parse(yamlText(data))).toEqual(data);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps strings that look like other things strings', () => {
    const tricky = [
      'true',
      'No',
      '~',
      'null',
      '0x1F',
      '1e3',
      '.5',
      '-',
      '- a',
      'a: b',
      'a #b',
      '',
      ' x',
      '@x',
      'k8s.gcr.io/pause:3.2',
      '2024-01-01',
      'x:',
      '*a',
      '!t',
    ];
    const data = { list: tricky, map: Object.fromEntries(tricky.map((t) => [t, t])) };
    expect(parse(yamlText(data))).toEqual(data);
  });

  it('prints an object as kubectl diff does', () => {
    const text = yamlText({
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'web', image: 'k8s.gcr.io/pause:3.2', ports: [{ containerPort: 80 }] }],
        volumes: [],
      },
    });
    expect(text).toBe(
      [
        'metadata:',
        '  name: web',
        '  labels:',
        '    app: web',
        'spec:',
        '  containers:',
        '  - name: web',
        '    image: k8s.gcr.io/pause:3.2',
        '    ports:',
        '    - containerPort: 80',
        '  volumes: []',
        '',
      ].join('\n'),
    );
  });
});
