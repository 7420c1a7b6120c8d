/**
 * Reads the output of `npm audit --omit=dev --json` into one of three
 * outcomes, kept apart because they mean different things: the audit ran and
 * found nothing high or critical; it ran and found some; or no audit happened
 * at all (no network, or a registry/mirror without the advisory endpoint,
 * which answers 405), which must never read as a pass.
 */

export type AuditOutcome =
  | { kind: 'clean'; lines: string[] }
  | { kind: 'vulnerable'; lines: string[]; high: number; critical: number }
  | { kind: 'unreachable'; lines: string[] };

const LEVELS = ['critical', 'high', 'moderate', 'low', 'info'] as const;

interface AuditVia {
  title?: string;
  url?: string;
}

interface AuditEntry {
  severity?: string;
  range?: string;
  via?: (string | AuditVia)[];
  fixAvailable?: unknown;
}

interface AuditJson {
  message?: string;
  error?: { code?: string; summary?: string };
  metadata?: {
    vulnerabilities?: Partial<Record<(typeof LEVELS)[number], number>>;
    dependencies?: { prod?: number; total?: number };
  };
  vulnerabilities?: Record<string, AuditEntry>;
}

function parse(text: string): AuditJson | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as AuditJson) : undefined;
  } catch {
    return undefined;
  }
}

export function classifyAudit(output: {
  stdout: string;
  stderr: string;
  status: number | null;
  spawnError?: string;
}): AuditOutcome {
  const report = parse(output.stdout);
  const counts = report?.metadata?.vulnerabilities;
  if (report && counts) {
    const high = Number(counts.high ?? 0);
    const critical = Number(counts.critical ?? 0);
    const packages = report.metadata?.dependencies?.prod ?? report.metadata?.dependencies?.total ?? '?';
    const summary = LEVELS.map((level) => `${counts[level] ?? 0} ${level}`).join(', ');
    const lines = [`npm audit --omit=dev over ${packages} production packages: ${summary}`];
    if (high + critical === 0) return { kind: 'clean', lines: [...lines, 'no high or critical advisories'] };
    for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
      if (entry.severity !== 'high' && entry.severity !== 'critical') continue;
      const via = entry.via ?? [];
      const titles = via.flatMap((item) =>
        typeof item === 'object' ? [`${item.title ?? '?'} (${item.url ?? 'no url'})`] : [],
      );
      const through = via.filter((item): item is string => typeof item === 'string');
      const what = titles.length > 0 ? titles.join('; ') : `via ${through.join(', ')}`;
      lines.push(
        `  ${entry.severity.padEnd(8)} ${name} ${entry.range ?? ''}: ${what} [${entry.fixAvailable ? 'fix available' : 'no fix yet'}]`,
      );
    }
    lines.push(`${high} high / ${critical} critical advisories found`);
    return { kind: 'vulnerable', lines, high, critical };
  }
  // npm fills some of these with empty strings: the first one that says something wins.
  const reason =
    [
      report?.message,
      report?.error?.summary,
      report?.error?.code,
      output.spawnError,
      output.stderr.split('\n').find((line) => /error/i.test(line)),
    ].find((text) => text?.trim()) ?? `npm audit exited with ${output.status ?? 'a signal'}`;
  return {
    kind: 'unreachable',
    lines: [
      `audit endpoint unreachable (${reason.trim()}): production dependencies were NOT checked`,
      "run `npm run audit:deps -- --strict` where the registry's advisory endpoint is reachable",
    ],
  };
}

interface OutdatedEntry {
  current?: string;
  wanted?: string;
  latest?: string;
}

/**
 * What can still be said without the advisory endpoint (package metadata is a
 * plain GET that mirrors serve): which direct production dependencies are
 * behind the newest release their range in package.json allows. Security fixes
 * ship as such releases, so "none behind" is the next best thing to an audit;
 * it is never reported as one.
 */
export function summariseOutdated(outdatedJson: string, productionDependencies: readonly string[]): string[] {
  const report = parse(outdatedJson) as Record<string, OutdatedEntry> | undefined;
  if (!report) return ['could not read `npm outdated`: freshness NOT checked either'];
  const behind = productionDependencies.flatMap((name) => {
    const entry = report[name];
    if (!entry?.current || !entry.wanted || entry.current === entry.wanted) return [];
    return [`  ${name} ${entry.current} → ${entry.wanted}`];
  });
  const count = productionDependencies.length;
  if (behind.length === 0)
    return [`all ${count} direct production dependencies are at the newest release their ranges allow`];
  return [
    `${behind.length} of ${count} direct production dependencies are behind the newest release their ranges allow (\`npm update\`):`,
    ...behind,
  ];
}
