import { env } from '@/lib/env';

/**
 * Configuration that must be right before a production server takes traffic.
 * Failing here, at start-up, beats failing on the first sign-in.
 */
export function productionConfigProblems(config: { NODE_ENV: string; AUTH_SECRET?: string }): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!config.AUTH_SECRET) {
    problems.push('AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and set it in the environment.');
  } else if (config.AUTH_SECRET.length < 32) {
    problems.push('AUTH_SECRET is shorter than 32 characters: use `openssl rand -base64 32`.');
  }
  return problems;
}

export function assertProductionConfig(): void {
  const problems = productionConfigProblems(env);
  if (problems.length > 0) {
    throw new Error(`Skillgrid cannot start in production:\n- ${problems.join('\n- ')}`);
  }
}
