import type { Role } from '../auth/roles.js';
import type { Language } from '../processes/domain/process.vocabulary.js';

export interface InvitationText {
  subject: string;
  text: string;
  html: string;
}

interface Phrases {
  roles: Record<Role, string>;
  subject: string;
  greeting(name: string): string;
  lead(role: string): string;
  action: string;
  expiry: string;
  footer: string;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    roles: { viewer: 'viewer', editor: 'editor', auditor: 'auditor', admin: 'administrator' },
    subject: 'You are invited to the treaty review tracker',
    greeting: (name) => `Hello ${name},`,
    lead: (role) => `You are invited to join the treaty review tracker as ${role}.`,
    action: 'Join the tracker',
    expiry: 'The link works once, for 7 days. No password is needed: next time, ask for a sign-in link with your address.',
    footer: 'You receive this e-mail because an administrator of the tracker invited you. If you did not expect it, ignore it.',
  },
  fr: {
    roles: { viewer: 'lecteur', editor: 'éditeur', auditor: 'auditeur', admin: 'administrateur' },
    subject: 'Vous êtes invité au suivi des examens des organes de traités',
    greeting: (name) => `Bonjour ${name},`,
    // « qu’ » before a vowel: éditeur, auditeur, administrateur.
    lead: (role) => `Vous êtes invité à rejoindre le suivi des examens des organes de traités en tant ${/^[aeéiou]/.test(role) ? 'qu’' : 'que '}${role}.`,
    action: 'Rejoindre le suivi',
    expiry: 'Le lien sert une fois, pendant 7 jours. Aucun mot de passe : la prochaine fois, demandez un lien de connexion avec votre adresse.',
    footer: 'Vous recevez ce courriel parce qu’un administrateur du suivi vous a invité. Si vous ne l’attendiez pas, ignorez-le.',
  },
  es: {
    roles: { viewer: 'lector', editor: 'editor', auditor: 'auditor', admin: 'administrador' },
    subject: 'Le invitan al seguimiento de los exámenes de los órganos de tratados',
    greeting: (name) => `Hola, ${name}:`,
    lead: (role) => `Le invitan a unirse al seguimiento de los exámenes de los órganos de tratados como ${role}.`,
    action: 'Unirse al seguimiento',
    expiry: 'El enlace sirve una vez, durante 7 días. No hace falta contraseña: la próxima vez, pida un enlace de acceso con su dirección.',
    footer: 'Recibe este correo porque un administrador del seguimiento le invitó. Si no lo esperaba, ignórelo.',
  },
};

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Subject, plain text and HTML of an invitation, in the invited person's language. */
export function invitationText(invitee: { displayName: string; language: Language; role: Role }, link: string): InvitationText {
  const words = PHRASES[invitee.language];
  const role = words.roles[invitee.role];
  const text = [words.greeting(invitee.displayName), '', words.lead(role), '', `${words.action}: ${link}`, '', words.expiry, '', '-- ', words.footer, ''].join('\n');
  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${invitee.language}"><head><meta charset="utf-8"><title>${e(words.subject)}</title></head><body>`,
    `<p>${e(words.greeting(invitee.displayName))}</p>`,
    `<p>${e(words.lead(role))}</p>`,
    `<p><a href="${e(link)}">${e(words.action)}</a></p>`,
    `<p>${e(words.expiry)}</p>`,
    `<p style="color:#666;font-size:small">${e(words.footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: words.subject, text, html };
}
