import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { SignInLinkPurpose } from '../sign-in-links.js';

export interface SignInText {
  subject: string;
  text: string;
  html: string;
}

interface Phrases {
  subject: Record<'sign-in' | 'invitation', string>;
  lead: Record<'sign-in' | 'invitation', (name: string) => string>;
  button: string;
  validity: Record<'sign-in' | 'invitation', string>;
  ignore: string;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    subject: { 'sign-in': 'Your sign-in link to the treaty review tracker', invitation: 'You are invited to the treaty review tracker' },
    lead: {
      'sign-in': (name) => `Hello ${name}, here is the link you asked for to sign in to the treaty review tracker.`,
      invitation: (name) => `Hello ${name}, you are invited to join the treaty review tracker.`,
    },
    button: 'Sign in',
    validity: { 'sign-in': 'The link works once, within 15 minutes.', invitation: 'The link works once, within 7 days.' },
    ignore: 'If you did not ask for it, ignore this e-mail: nothing happens without the link.',
  },
  fr: {
    subject: { 'sign-in': 'Votre lien de connexion au suivi des examens des organes de traités', invitation: 'Vous êtes invité·e au suivi des examens des organes de traités' },
    lead: {
      'sign-in': (name) => `Bonjour ${name}, voici le lien demandé pour vous connecter au suivi des examens des organes de traités.`,
      invitation: (name) => `Bonjour ${name}, vous êtes invité·e à rejoindre le suivi des examens des organes de traités.`,
    },
    button: 'Se connecter',
    validity: { 'sign-in': 'Le lien fonctionne une seule fois, pendant 15 minutes.', invitation: 'Le lien fonctionne une seule fois, pendant 7 jours.' },
    ignore: 'Si vous ne l’avez pas demandé, ignorez ce courriel : rien ne se passe sans le lien.',
  },
  es: {
    subject: { 'sign-in': 'Su enlace para entrar en el seguimiento de exámenes de los órganos de tratados', invitation: 'Está invitado/a al seguimiento de exámenes de los órganos de tratados' },
    lead: {
      'sign-in': (name) => `Hola ${name}, este es el enlace que pidió para entrar en el seguimiento de exámenes de los órganos de tratados.`,
      invitation: (name) => `Hola ${name}, está invitado/a a unirse al seguimiento de exámenes de los órganos de tratados.`,
    },
    button: 'Entrar',
    validity: { 'sign-in': 'El enlace funciona una sola vez, durante 15 minutos.', invitation: 'El enlace funciona una sola vez, durante 7 días.' },
    ignore: 'Si no lo pidió, ignore este correo: nada ocurre sin el enlace.',
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The e-mail that carries a sign-in or invitation link, in the person's language. */
export function signInText(purpose: Extract<SignInLinkPurpose, 'sign-in' | 'invitation'>, language: Language, displayName: string, link: string): SignInText {
  const p = PHRASES[language];
  const lines = [p.lead[purpose](displayName), '', link, '', p.validity[purpose], p.ignore];
  return {
    subject: p.subject[purpose],
    text: `${lines.join('\n')}\n`,
    html: [
      `<p>${escapeHtml(p.lead[purpose](displayName))}</p>`,
      `<p><a href="${escapeHtml(link)}">${escapeHtml(p.button)}</a></p>`,
      `<p>${escapeHtml(p.validity[purpose])}<br>${escapeHtml(p.ignore)}</p>`,
    ].join('\n'),
  };
}
