/**
 * The image reference grammar of distribution/reference (regexp.go), as regular expression sources.
 * Kept as strings so the scanner can embed them in its own, larger expressions.
 */
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
export const pathComponent = `${alnum}(?:${separator}${alnum})*`;

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const port = '[0-9]+';
export const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
export const domainAndPort = `(?:${domainName}|${ipv6})(?::${port})?`;

export const tag = '[\\w][\\w.-]{0,127}';
export const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

export const remoteName = `${pathComponent}(?:/${pathComponent})*`;
export const name = `(?:${domainAndPort}/)?${remoteName}`;

/** Whole-string match with capture groups: 1 name, 2 tag, 3 digest. */
export const anchoredReference = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
export const anchoredDomain = new RegExp(`^${domainAndPort}$`);
export const anchoredDigest = new RegExp(`^${digest}$`);

/** distribution/reference's NameTotalLengthMax. */
export const nameTotalLengthMax = 255;
