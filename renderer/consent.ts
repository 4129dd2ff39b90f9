// The consent the person gives on the consent screen is to this exact wording, in both languages: the texts
// below, in the order the screen shows them. Its version (human name + SHA-256 of the exact vi and en text) is
// declared in the contract and sent with the answer, so main records which wording was agreed to and refuses
// an answer given to another wording (a stale page). tests/unit/hardening/consent-version.test.ts recomputes
// the hash from these texts: changing a word without declaring a new version fails it.
import { CONSENT_TEXT_VERSION } from '../electron/contract/kiosk-api.ts';
import { t, type TextKey } from './i18n.ts';

export { CONSENT_TEXT_VERSION };

export const CONSENT_TEXT_KEYS = ['consentTitle', 'consentBody', 'consentUse', 'consentQuestion', 'consentNo', 'consentYes'] as const satisfies readonly TextKey[];

export type ConsentTextKey = (typeof CONSENT_TEXT_KEYS)[number];

/** The exact consent wording, in screen order: [key, vi, en] per text. This is what the version's hash covers. */
export function consentText(): [ConsentTextKey, string, string][] {
  return CONSENT_TEXT_KEYS.map((k) => [k, t(k, 'vi'), t(k, 'en')]);
}
