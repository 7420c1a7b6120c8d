/** A refusal or failure the operator can act on: the CLI prints its message alone, without a stack. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** `.partial` beside the final name: a backup interrupted half-way never looks like a finished one. */
export function partialName(file: string): string {
  return `${file}.partial`;
}

export function timestampForFile(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..+$/, '').replace('T', '-');
}
