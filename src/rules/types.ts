/** What a rule does with a match: rewrite it (the default) or only report it. */
export type RuleAction = 'rewrite' | 'report';

/** One prefix move. Several rules may share an `id` (the built-in set has seven prefixes). */
export interface Rule {
  readonly id: string;
  /** Old prefix: a registry host, optionally with leading path components (`gcr.io/google-containers`). */
  readonly from: string;
  /** New prefix that replaces `from`. */
  readonly to: string;
  readonly action: RuleAction;
  /** True for rules regshift ships. */
  readonly builtin: boolean;
}

/** A rule that matched the start of a reference. */
export interface RuleMatch {
  readonly rule: Rule;
  /** Length of the matched prefix in the text as written. */
  readonly length: number;
  /** The text that replaces the first `length` characters. */
  readonly replacementPrefix: string;
}
