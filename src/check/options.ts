/** The defaults of `runCheck` and `checkImages`, in one place (the CLI shows them, never restates them). */
export const checkDefaults = {
  /** Images checked at once. */
  concurrency: 4,
  /** Registries whose connectivity is tested at once. */
  registries: 4,
} as const;
