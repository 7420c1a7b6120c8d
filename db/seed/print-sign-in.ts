export interface SignInHelp {
  signIn: { role: string; email: string; password: string }[];
}

/** What the console prints after seeding: where to go and whom to sign in as. */
export function printSignInHelp(summary: SignInHelp, baseUrl = 'http://localhost:3000'): void {
  const width = Math.max(...summary.signIn.map((row) => row.email.length), 5);
  console.log(`\nSign in at ${baseUrl}/sign-in as any of:`);
  for (const row of summary.signIn) {
    console.log(`  ${row.role.padEnd(8)} ${row.email.padEnd(width)}  password: ${row.password}`);
  }
  console.log('');
}
