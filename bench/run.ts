// `npm run bench -- NAME [ARGS]`: run one benchmark; with no name, list them.
import { benchmarks } from './registry.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '-h' || name === '--help') {
    console.log('Usage: npm run bench -- NAME [OPTIONS]\n\nBenchmarks:');
    for (const [key, entry] of Object.entries(benchmarks))
      console.log(`  ${key.padEnd(10)} ${entry.summary}`);
    console.log('\nGenerated trees and results live in .bench/ (git-ignored).');
    return name ? 0 : 0;
  }
  const entry = benchmarks[name];
  if (!entry) {
    console.error(
      `bench: no benchmark named "${name}"; choose one of: ${Object.keys(benchmarks).join(', ')}`,
    );
    return 2;
  }
  const module = await entry.load();
  await module.run(args);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 2;
}
