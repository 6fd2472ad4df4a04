import { LANGUAGES, type Language } from '../../processes/domain/process.vocabulary.js';
import { linkMailText } from './link-mail-text.js';

const LINK = 'https://tracker.example.org/#/sign-in/link?token=abc_123-XYZ';

describe('linkMailText', () => {
  it.each(LANGUAGES)('speaks %s, greets the person and carries the link in text and HTML, for sign-in and invitation alike', (language) => {
    const signIn = linkMailText('sign-in', { displayName: 'Ana Ruiz', language, role: 'editor' }, LINK);
    const invitation = linkMailText('invitation', { displayName: 'Ana Ruiz', language, role: 'editor' }, LINK);
    for (const { text, html } of [signIn, invitation]) {
      expect(text).toContain('Ana Ruiz');
      expect(text).toContain(LINK);
      expect(html).toContain(`href="${LINK}"`);
      expect(html).toMatch(language === 'ar' ? '<html lang="ar" dir="rtl">' : `<html lang="${language}">`);
    }
    expect(signIn.subject).not.toBe(invitation.subject);
    expect(signIn.text).toMatch(/15/);
    expect(invitation.text).toMatch(/7/);
  });

  it.each([
    ['en', 'Hello Ana Ruiz,', 'Your sign-in link to the treaty review tracker'],
    ['fr', 'Bonjour Ana Ruiz,', 'Votre lien de connexion au suivi des examens des organes de traités'],
    ['es', 'Hola, Ana Ruiz:', 'Su enlace para entrar en el seguimiento de los exámenes de los órganos de tratados'],
    ['ar', 'مرحبًا Ana Ruiz،', 'رابط تسجيل الدخول إلى أداة متابعة استعراض هيئات المعاهدات'],
    ['zh', 'Ana Ruiz，您好：', '您的条约机构审查跟踪系统登录链接'],
    ['ru', 'Здравствуйте, Ana Ruiz!', 'Ваша ссылка для входа в систему отслеживания обзора договорных органов'],
  ] as const)('greets and titles a sign-in link in %s', (language, greeting, subject) => {
    const mail = linkMailText('sign-in', { displayName: 'Ana Ruiz', language, role: 'editor' }, LINK);
    expect(mail.subject).toBe(subject);
    expect(mail.text.split('\n')[0]).toBe(greeting);
  });

  it('names the role an invitation gives, in the grammar of the language', () => {
    const invite = (language: Language, role: 'viewer' | 'admin') => linkMailText('invitation', { displayName: 'Ana', language, role }, LINK).text;
    expect(invite('en', 'admin')).toContain('as administrator');
    expect(invite('fr', 'admin')).toContain('en tant qu’administrateur');
    expect(invite('fr', 'viewer')).toContain('en tant que lecteur');
    expect(invite('es', 'viewer')).toContain('como lector');
    expect(invite('ar', 'admin')).toContain('بصفة مدير');
    expect(invite('zh', 'viewer')).toContain('以查看者身份加入');
    expect(invite('ru', 'admin')).toContain('в качестве администратора');
    expect(linkMailText('sign-in', { displayName: 'Ana', language: 'en', role: 'admin' }, LINK).text).not.toContain('administrator');
  });

  it('escapes the name in HTML and keeps it as typed in the text', () => {
    const { html, text } = linkMailText('sign-in', { displayName: '<b>Ana</b> & "co"', language: 'en', role: 'viewer' }, LINK);
    expect(html).toContain('&#60;b&#62;Ana&#60;/b&#62; &#38; &#34;co&#34;');
    expect(html).not.toContain('<b>Ana');
    expect(text).toContain('<b>Ana</b> & "co"');
  });
});
