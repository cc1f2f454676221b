import type { Command } from '../io.js';

/** Every command, in the order `regshift --help` lists them. */
export const commands: Command[] = [];
