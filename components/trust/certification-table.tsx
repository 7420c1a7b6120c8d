import type { CertificationView } from '@/lib/trust/certifications';

export function validityText(cert: Pick<CertificationView, 'valid' | 'daysLeft' | 'expiresOn' | 'issuedOn'>): string {
  if (cert.expiresOn === null) return cert.valid ? 'Valid, does not expire' : 'Not yet valid';
  if (!cert.valid)
    return cert.daysLeft !== null && cert.daysLeft < 0 ? `Expired on ${cert.expiresOn}` : 'Not yet valid';
  if (cert.daysLeft === 0) return `Expires today (${cert.expiresOn})`;
  return `Valid until ${cert.expiresOn} (${cert.daysLeft} day${cert.daysLeft === 1 ? '' : 's'} left)`;
}

/** A certificate's link, only ever http(s) (checked on the way in and by the table's constraint). */
export function CredentialLink({ url, name }: { url: string | null; name: string }) {
  if (!url) return <span className="text-slate-600">—</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className="text-brand-700 underline underline-offset-2"
    >
      Credential<span className="sr-only"> for {name}</span>
    </a>
  );
}
