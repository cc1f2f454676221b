/** What a rule does with a match: rewrite it (the default) or only report it. */
export type RuleAction = 'rewrite' | 'report';

/** What a move says besides its prefixes, alike for a rule and a pack's entry. */
export interface MoveDetails {
  /** The date (YYYY-MM-DD) the move took effect, for shipped rules. */
  readonly since?: string;
  /** The announcement the rule is based on (a URL). */
  readonly source?: string;
  /** Tag patterns (`*` for any characters) that were not moved: such references have no target. */
  readonly exceptTags?: readonly string[];
  /** Repositories under `from` (paths relative to it) that stayed where they were: never matched. */
  readonly exceptRepositories?: readonly string[];
  /** What a person should know when this rule matches, shown with each finding. */
  readonly note?: string;
  /** A Helm value (dotted path) charts need set to true to accept the rewritten images. */
  readonly helmValue?: string;
}

/** One prefix move. Several rules may share an `id` (the built-in set has seven prefixes). */
export interface Rule extends MoveDetails {
  readonly id: string;
  /**
   * Old prefix, canonical: a lowercase registry host without `:443` (Docker Hub as `docker.io`), optionally
   * with leading path components (`gcr.io/google-containers`).
   */
  readonly from: string;
  /** New prefix that replaces `from`; null only for a report-only rule with no target to name. */
  readonly to: string | null;
  readonly action: RuleAction;
  /** True for rules regshift ships. */
  readonly builtin: boolean;
  /** The rule pack a shipped rule comes from. */
  readonly pack?: string;
}

/** A rule that matched the start of a reference. */
export interface RuleMatch {
  readonly rule: Rule;
  /** Length of the matched prefix in the text as written. */
  readonly length: number;
  /** The text that replaces the first `length` characters (the written prefix itself when there is no target). */
  readonly replacementPrefix: string;
}

/** One move inside a pack; `since` and `source` default to the pack's. */
export interface PackRule extends MoveDetails {
  readonly from: string;
  readonly to: string | null;
  readonly action: RuleAction;
}

/** A dated registry move, as its owners announced it. `{name}` in a prefix is a per-project variable. */
export interface RulePack {
  readonly name: string;
  readonly title: string;
  readonly since: string;
  readonly source: string;
  /** On unless the config says `builtin: false` (only the k8s.gcr.io pack). */
  readonly defaultOn?: boolean;
  /** Packs whose prefixes this one's narrower prefixes cover on purpose (the longer prefix wins). */
  readonly overrides?: readonly string[];
  /** Variables its prefixes use, with what to write in regshift.yaml's `variables:`. */
  readonly variables?: Readonly<Record<string, string>>;
  readonly rules: readonly PackRule[];
}
