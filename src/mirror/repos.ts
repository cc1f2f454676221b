/**
 * Repository mode: every tag of a repository that the filters keep becomes an image to mirror. Tags are
 * listed where the images will be read (a rule's new location, unless fromOld). Tags that hold referrers
 * (`sha256-<hex>`, cosign's `.sig`/`.att`/`.sbom`) are not images: they travel with their subjects.
 */
import semver from 'semver';
import { RegshiftError } from '../errors.js';
import type { ImageInput } from '../inputs/images.js';
import { normalizedDomain, normalizedPath } from '../reference/normalize.js';
import { tryParseReference } from '../reference/parse.js';
import { isReferrerTag } from '../registry/referrers.js';
import { targetOf } from '../rules/target.js';
import type { Rule } from '../rules/types.js';

export interface TagFilter {
  /** A regular expression the whole tag must match. */
  tags?: string;
  /** A semver range (`>=1.28 <1.31`, `^1.2`, `1.30.x`); tags that are not versions are left out. */
  semver?: string;
  /**
   * Only the N highest release versions (after the other filters); pre-releases and tags that are not
   * versions are left out.
   */
  latest?: number;
}

/** The version a tag names, if it names one: `v1.30.2`, `1.30.2-rc.1`, and short forms `3.9`, `v2`. */
export function tagVersion(tag: string): semver.SemVer | undefined {
  const full = semver.parse(tag, { loose: true });
  if (full) return full;
  return /^v?\d+(?:\.\d+)?$/.test(tag) ? (semver.coerce(tag) ?? undefined) : undefined;
}

export function checkTagFilter(filter: TagFilter): void {
  if (filter.tags !== undefined) {
    try {
      new RegExp(filter.tags);
    } catch (error) {
      throw new RegshiftError('MIRROR_INPUT', `--tags ${filter.tags}: ${(error as Error).message}`, {
        hint: 'Give a JavaScript regular expression for the whole tag, e.g. --tags "v1\\.3[0-9]\\..*".',
      });
    }
  }
  if (filter.semver !== undefined && semver.validRange(filter.semver) === null) {
    throw new RegshiftError('MIRROR_INPUT', `--semver ${filter.semver} is not a version range`, {
      hint: 'Write it as npm does: ">=1.28.0 <1.31.0", "^1.30", "~1.30.2", "1.30.x".',
    });
  }
  if (filter.latest !== undefined && (!Number.isInteger(filter.latest) || filter.latest < 1)) {
    throw new RegshiftError('MIRROR_INPUT', `--latest ${filter.latest} is not a whole number ≥ 1`, {
      hint: 'Give how many of the newest versions to copy, e.g. --latest 5.',
    });
  }
}

/** The tags the filter keeps, in the listing's order (highest version first with --latest). Pure. */
export function selectTags(tags: readonly string[], filter: TagFilter): string[] {
  const whole = filter.tags !== undefined ? new RegExp(`^(?:${filter.tags})$`) : undefined;
  let kept = tags.filter((t) => !isReferrerTag(t) && (!whole || whole.test(t)));
  if (filter.semver !== undefined) {
    const range = filter.semver;
    kept = kept.filter((t) => {
      const v = tagVersion(t);
      return v !== undefined && semver.satisfies(v, range, { includePrerelease: false });
    });
  }
  if (filter.latest !== undefined) {
    const versions = kept
      .map((tag) => ({ tag, version: tagVersion(tag) }))
      .filter(
        (x): x is { tag: string; version: semver.SemVer } =>
          x.version !== undefined && x.version.prerelease.length === 0,
      )
      .sort((a, b) => semver.rcompare(a.version, b.version) || (a.tag < b.tag ? -1 : 1));
    kept = versions.slice(0, filter.latest).map((x) => x.tag);
  }
  return kept;
}

export interface RepoSource {
  /** As given. */
  repo: string;
  /** Where the tags are listed and the images read. */
  registry: string;
  repository: string;
  /** `registry/repository` as an image name, for `name:tag` inputs. */
  name: string;
}

/** A repository to list: `HOST/PATH` without tag or digest; moved by the rules unless fromOld. */
export function parseRepo(repo: string, rules: readonly Rule[], fromOld: boolean): RepoSource {
  const parsed = tryParseReference(repo);
  if (!parsed.ok || parsed.reference.tag || parsed.reference.digest) {
    throw new RegshiftError('MIRROR_INPUT', `--repo ${repo} is not a repository name`, {
      hint: 'Name a repository without tag or digest, e.g. --repo registry.k8s.io/pause.',
    });
  }
  const moved = fromOld ? undefined : targetOf({ image: repo }, rules);
  const read = moved ? tryParseReference(moved) : parsed;
  if (!read.ok) {
    throw new RegshiftError('MIRROR_INPUT', `--repo ${repo}: its new location ${moved} is not a repository`, {
      hint: 'Check the rule that moves it (--rule, regshift.yaml), or use --from-old.',
    });
  }
  return {
    repo,
    registry: normalizedDomain(read.reference),
    repository: normalizedPath(read.reference),
    name: moved ?? repo,
  };
}

/** The images of a repository's kept tags, named as given (the plan moves them as any image). */
export function repoInputs(source: RepoSource, tags: readonly string[]): ImageInput[] {
  return tags.map((tag) => ({ image: `${source.repo}:${tag}` }));
}
