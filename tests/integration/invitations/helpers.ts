/** Builds FormData the way a browser form would send it. */
export function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** The token inside an invitation link such as http://host/invite/<token>. */
export function tokenOf(link: string): string {
  const token = link.split('/invite/')[1];
  if (!token) throw new Error(`Not an invitation link: ${link}`);
  return token;
}
