import type { Command } from '../io.js';
import { checkCommand } from './check.js';
import { fixCommand } from './fix.js';
import { scanCommand } from './scan.js';

/** Every command, in the order `regshift --help` lists them. */
export const commands: Command[] = [scanCommand, fixCommand, checkCommand];
