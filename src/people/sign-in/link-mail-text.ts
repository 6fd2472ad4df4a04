import type { Role } from '../../auth/roles.js';
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

interface Phrases {
  roles: Record<Role, string>;
  subject: Record<LinkMailPurpose, string>;
  greeting(name: string): string;
  lead: Record<LinkMailPurpose, (role: string) => string>;
  action: Record<LinkMailPurpose, string>;
  validity: Record<LinkMailPurpose, string>;
  footer: Record<LinkMailPurpose, string>;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    roles: { viewer: 'viewer', editor: 'editor', auditor: 'auditor', admin: 'administrator' },
    subject: { 'sign-in': 'Your sign-in link to the treaty review tracker', invitation: 'You are invited to the treaty review tracker' },
    greeting: (name) => `Hello ${name},`,
    lead: {
      'sign-in': () => 'Here is the link you asked for to sign in to the treaty review tracker.',
      invitation: (role) => `You are invited to join the treaty review tracker as ${role}.`,
    },
    action: { 'sign-in': 'Sign in', invitation: 'Join the tracker' },
    validity: {
      'sign-in': 'The link works once, within 15 minutes.',
      invitation: 'The link works once, for 7 days. No password is needed: next time, ask for a sign-in link with your address.',
    },
    footer: {
      'sign-in': 'If you did not ask for it, ignore this e-mail: nothing happens without the link.',
      invitation: 'You receive this e-mail because an administrator of the tracker invited you. If you did not expect it, ignore it.',
    },
  },
  fr: {
    roles: { viewer: 'lecteur', editor: 'éditeur', auditor: 'auditeur', admin: 'administrateur' },
    subject: {
      'sign-in': 'Votre lien de connexion au suivi des examens des organes de traités',
      invitation: 'Vous êtes invité au suivi des examens des organes de traités',
    },
    greeting: (name) => `Bonjour ${name},`,
    lead: {
      'sign-in': () => 'Voici le lien demandé pour vous connecter au suivi des examens des organes de traités.',
      // « qu’ » before a vowel: éditeur, auditeur, administrateur.
      invitation: (role) => `Vous êtes invité à rejoindre le suivi des examens des organes de traités en tant ${/^[aeéiou]/.test(role) ? 'qu’' : 'que '}${role}.`,
    },
    action: { 'sign-in': 'Se connecter', invitation: 'Rejoindre le suivi' },
    validity: {
      'sign-in': 'Le lien fonctionne une seule fois, pendant 15 minutes.',
      invitation: 'Le lien sert une fois, pendant 7 jours. Aucun mot de passe : la prochaine fois, demandez un lien de connexion avec votre adresse.',
    },
    footer: {
      'sign-in': 'Si vous ne l’avez pas demandé, ignorez ce courriel : rien ne se passe sans le lien.',
      invitation: 'Vous recevez ce courriel parce qu’un administrateur du suivi vous a invité. Si vous ne l’attendiez pas, ignorez-le.',
    },
  },
  es: {
    roles: { viewer: 'lector', editor: 'editor', auditor: 'auditor', admin: 'administrador' },
    subject: {
      'sign-in': 'Su enlace para entrar en el seguimiento de los exámenes de los órganos de tratados',
      invitation: 'Le invitan al seguimiento de los exámenes de los órganos de tratados',
    },
    greeting: (name) => `Hola, ${name}:`,
    lead: {
      'sign-in': () => 'Este es el enlace que pidió para entrar en el seguimiento de los exámenes de los órganos de tratados.',
      invitation: (role) => `Le invitan a unirse al seguimiento de los exámenes de los órganos de tratados como ${role}.`,
    },
    action: { 'sign-in': 'Entrar', invitation: 'Unirse al seguimiento' },
    validity: {
      'sign-in': 'El enlace funciona una sola vez, durante 15 minutos.',
      invitation: 'El enlace sirve una vez, durante 7 días. No hace falta contraseña: la próxima vez, pida un enlace de acceso con su dirección.',
    },
    footer: {
      'sign-in': 'Si no lo pidió, ignore este correo: nada ocurre sin el enlace.',
      invitation: 'Recibe este correo porque un administrador del seguimiento le invitó. Si no lo esperaba, ignórelo.',
    },
  },
};

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Subject, plain text and HTML of an e-mail carrying a sign-in or invitation link, in the person's language. */
export function linkMailText(purpose: LinkMailPurpose, recipient: LinkMailRecipient, link: string): LinkMailText {
  const words = PHRASES[recipient.language];
  const greeting = words.greeting(recipient.displayName);
  const lead = words.lead[purpose](words.roles[recipient.role]);
  const text = [greeting, '', lead, '', `${words.action[purpose]}: ${link}`, '', words.validity[purpose], '', '-- ', words.footer[purpose], ''].join('\n');
  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${recipient.language}"><head><meta charset="utf-8"><title>${e(words.subject[purpose])}</title></head><body>`,
    `<p>${e(greeting)}</p>`,
    `<p>${e(lead)}</p>`,
    `<p><a href="${e(link)}">${e(words.action[purpose])}</a></p>`,
    `<p>${e(words.validity[purpose])}</p>`,
    `<p style="color:#666;font-size:small">${e(words.footer[purpose])}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: words.subject[purpose], text, html };
}
