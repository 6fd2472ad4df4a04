import type { Role } from '../../auth/roles.js';
import { t, type MessageKey } from '../../i18n/catalogues.js';
import { htmlLanguageAttributes } from '../../i18n/languages.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';

/** What a link e-mail is for: an invitation names the role it gives; a sign-in link only lets the person in. */
export type LinkMailPurpose = 'sign-in' | 'invitation';

export interface LinkMailRecipient {
  displayName: string;
  language: Language;
  role: Role;
}

export interface LinkMailText {
  subject: string;
  text: string;
  html: string;
}

const MESSAGES = {
  'sign-in': {
    subject: 'signInMail.subject',
    lead: 'signInMail.lead',
    action: 'signInMail.action',
    validity: 'signInMail.validity',
    footer: 'signInMail.footer',
  },
  invitation: {
    subject: 'invitationMail.subject',
    lead: 'invitationMail.lead',
    action: 'invitationMail.action',
    validity: 'invitationMail.validity',
    footer: 'invitationMail.footer',
  },
} as const satisfies Record<LinkMailPurpose, Record<string, MessageKey>>;

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Subject, plain text and HTML of an e-mail carrying a sign-in or invitation link, in the person's language. */
export function linkMailText(purpose: LinkMailPurpose, recipient: LinkMailRecipient, link: string): LinkMailText {
  const { language } = recipient;
  const keys = MESSAGES[purpose];
  const subject = t(language, keys.subject);
  const greeting = t(language, 'mail.greeting', { name: recipient.displayName });
  const lead = t(language, keys.lead, { role: recipient.role });
  const action = t(language, keys.action);
  const validity = t(language, keys.validity);
  const footer = t(language, keys.footer);
  const text = [greeting, '', lead, '', t(language, 'mail.field', { label: action, value: link }), '', validity, '', '-- ', footer, ''].join('\n');
  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html ${htmlLanguageAttributes(language)}><head><meta charset="utf-8"><title>${e(subject)}</title></head><body>`,
    `<p>${e(greeting)}</p>`,
    `<p>${e(lead)}</p>`,
    `<p><a href="${e(link)}">${e(action)}</a></p>`,
    `<p>${e(validity)}</p>`,
    `<p style="color:#666;font-size:small">${e(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
