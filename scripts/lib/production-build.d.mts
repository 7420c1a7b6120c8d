export function sourceStamp(cwd?: string): string | null;
export function ensureProductionBuild(options?: { cwd?: string; log?: (line: string) => void }): boolean;
