import { LANGUAGES } from '../../processes/domain/process.vocabulary.js';
import { signInText } from './sign-in-text.js';

describe('signInText', () => {
  const link = 'https://tracker.example.org/#/sign-in/link?token=abc_-123';

  it.each(LANGUAGES)('carries the link and its validity in %s, for sign-in and invitation alike', (language) => {
    const signIn = signInText('sign-in', language, 'Ana', link);
    const invitation = signInText('invitation', language, 'Ana', link);
    for (const text of [signIn, invitation]) {
      expect(text.text).toContain(link);
      expect(text.text).toContain('Ana');
      expect(text.html).toContain(`href="${link.replace(/&/g, '&#38;')}"`);
    }
    expect(signIn.subject).not.toBe(invitation.subject);
    expect(signIn.text).toMatch(/15/);
    expect(invitation.text).toMatch(/7/);
  });

  it('escapes a display name in the HTML part', () => {
    expect(signInText('sign-in', 'en', '<script>x</script>', link).html).not.toContain('<script>');
  });
});
