/**
 * `npm run bench -- <subcommand> [options]`. Subcommands:
 *   export   generate a large organization and time the gap CSV export (see scripts/bench/export.ts)
 */
const subcommands: Record<string, () => Promise<{ main: (args: string[]) => Promise<void> }>> = {
  export: () => import('./bench/export'),
};

async function run(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? subcommands[name] : undefined;
  if (!load) {
    console.error(`Usage: npm run bench -- <${Object.keys(subcommands).join('|')}> [options]`);
    process.exitCode = 2;
    return;
  }
  await (await load()).main(args);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
