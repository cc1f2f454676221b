// celPattern throws a bare Error on a quote: a programming error, since no rule that validates yields
// one. This proves it (test/architecture/errors.test.ts allows that throw because of this test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { celPattern } from '../../src/policy/cel.js';
import { generatePolicy } from '../../src/policy/index.js';
import { policyEngines } from '../../src/policy/options.js';
import { parseRuleFlag } from '../../src/rules/config.js';
import { rulePacks, shippedRules } from '../../src/rules/packs.js';
import type { Rule } from '../../src/rules/types.js';

const everyEngine = (rules: Rule[]) => {
  for (const engine of policyEngines) generatePolicy(rules, { engine, mutate: engine !== 'gatekeeper' });
};

describe('celPattern', () => {
  it('refuses a pattern with a quote (it would end the CEL raw string)', () => {
    expect(() => celPattern("k8s\\.gcr\\.io/'")).toThrow(/quote/);
  });

  it('never sees a quote from the shipped packs', () => {
    const all = shippedRules(
      rulePacks.map((p) => p.name),
      Object.fromEntries(rulePacks.flatMap((p) => Object.keys(p.variables ?? {})).map((v) => [v, 'x'])),
    );
    expect(() => everyEngine(all)).not.toThrow();
  });

  it('never sees a quote from a --rule that validates, whatever it is made of', () => {
    const unit = fc.constantFrom(...'ak8.:/-_\'"\\0'.split(''));
    let valid = 0;
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 16 }), (from) => {
        let rule: Rule;
        try {
          rule = parseRuleFlag(`${from}=registry.example.com/moved`);
        } catch {
          return; // refused as RULE_INVALID or RULE_LOOP: it never reaches a policy
        }
        valid++;
        expect(from).not.toContain("'");
        everyEngine([rule]);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(0);
  });
});
