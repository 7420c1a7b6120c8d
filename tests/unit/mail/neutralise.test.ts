import { describe, expect, it } from 'vitest';
import { escapeHtml, headerText } from '@/lib/mail/neutralise';
import { invitationMail, verificationMail } from '@/lib/mail/templates';

describe('mail neutralisation', () => {
  it('flattens CR, LF, other control characters and line separators to single spaces', () => {
    expect(headerText('Eve\r\nBcc: spy@evil.test')).toBe('Eve Bcc: spy@evil.test');
    expect(headerText('a\u0000b\u0085c\u2028d\te')).toBe('a b c d e');
    expect(headerText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('escapes markup for the HTML body', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });

  it('builds every mail with a one-line subject, a text body and an HTML body that hold names inertly', () => {
    const mail = invitationMail({
      link: 'https://skills.example.com/invite/abc',
      organizationName: '<script>x</script>\r\nBcc: a@b.c',
      role: 'member',
      invitedBy: 'Eve\nP.S. click https://evil.test',
      expiresAt: new Date('2026-12-13T00:00:00Z'),
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    // The inviter's name cannot start a line of its own in the text body.
    expect(mail.text.split('\n').some((line) => line.startsWith('P.S.'))).toBe(false);
    expect(mail.text).toContain('Accept the invitation: https://skills.example.com/invite/abc');
    const verify = verificationMail({ name: 'Ada', link: 'https://x.test/verify-email/t', expiresAt: new Date() });
    expect(verify.text).toContain('https://x.test/verify-email/t');
    expect(verify.html).toContain('href="https://x.test/verify-email/t"');
  });
});
