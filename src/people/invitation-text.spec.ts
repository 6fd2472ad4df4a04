import { LANGUAGES } from '../processes/domain/process.vocabulary.js';
import { invitationText } from './invitation-text.js';

const LINK = 'https://tracker.example.org/#/sign-in/link?token=abc_123-XYZ';

describe('invitationText', () => {
  it('speaks the invited person’s language, names their role and carries the link in text and HTML', () => {
    const subjects = new Set<string>();
    for (const language of LANGUAGES) {
      const { subject, text, html } = invitationText({ displayName: 'Ana Ruiz', language, role: 'editor' }, LINK);
      subjects.add(subject);
      expect(text).toContain('Ana Ruiz');
      expect(text).toContain(LINK);
      expect(html).toContain(`href="${LINK}"`);
      expect(html).toContain(`<html lang="${language}">`);
    }
    expect(subjects.size).toBe(LANGUAGES.length);
    expect(invitationText({ displayName: 'Ana', language: 'fr', role: 'admin' }, LINK).text).toContain('en tant qu’administrateur');
    expect(invitationText({ displayName: 'Ana', language: 'fr', role: 'viewer' }, LINK).text).toContain('en tant que lecteur');
    expect(invitationText({ displayName: 'Ana', language: 'es', role: 'viewer' }, LINK).text).toContain('como lector');
  });

  it('escapes the name in HTML', () => {
    const { html, text } = invitationText({ displayName: '<b>Ana</b> & "co"', language: 'en', role: 'viewer' }, LINK);
    expect(html).toContain('&#60;b&#62;Ana&#60;/b&#62; &#38; &#34;co&#34;');
    expect(html).not.toContain('<b>Ana');
    expect(text).toContain('<b>Ana</b> & "co"');
  });
});
