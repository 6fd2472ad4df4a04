import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api.js';
import type { Lang, Translate } from './i18n.js';

export interface AppContext {
  lang: Lang;
  t: Translate;
  session: Session;
  navigate: (path: string) => void;
  /** Reads the session again after this page signed in or out by cookie. */
  sessionChanged: () => void;
}

export const App = createContext<AppContext>(undefined as unknown as AppContext);
export const useApp = () => useContext(App);
export const canWrite = (session: Session) => session.capabilities.includes('write');
export const canAdminister = (session: Session) => session.capabilities.includes('admin');
export const canAudit = (session: Session) => session.capabilities.includes('audit');
