/**
 * `npm run bench [-- --smoke] [--port N] [--slug S]`: the benchmark table against a
 * production build on PostgreSQL (scripts/bench/run.ts). Subcommands:
 *   data     generate the large organization (= `npm run bench:data`, scripts/bench/data.ts)
 *   export   time the gap CSV export in-process, also on PGlite (scripts/bench/export.ts)
 *   trends   time the organization trends' queries on an existing organization (scripts/bench/trends.ts)
 */
const subcommands: Record<string, () => Promise<{ main: (args: string[]) => Promise<void> }>> = {
  data: () => import('./bench/data'),
  export: () => import('./bench/export'),
  trends: () => import('./bench/trends'),
};

async function run(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const load = name ? subcommands[name] : undefined;
  if (load) {
    await (await load()).main(rest);
    return;
  }
  if (name && !name.startsWith('--')) {
    console.error(
      `Usage: npm run bench -- [--smoke] [--port N] [--slug S] | <${Object.keys(subcommands).join('|')}> [options]`,
    );
    process.exitCode = 2;
    return;
  }
  await (await import('./bench/run')).main(process.argv.slice(2));
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
