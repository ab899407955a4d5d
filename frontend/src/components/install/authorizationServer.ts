import type { AppListing } from '../../api/catalog';

/**
 * The host of the server where the person allows the app: the listing's
 * issuer, or its authorization endpoint when it names endpoints; null for
 * Marketdesk's built-in sandbox. The review names it before the browser opens
 * (a listing whose server is not the developer's is a mix-up attempt). The
 * URL parser gives internationalized names in their xn-- form, so a
 * look-alike host shows as what it is.
 */
export function authorizationServerHost(oauth: AppListing['oauth'] | undefined): string | null {
  if (!oauth || oauth.sandbox) return null;
  const raw = oauth.issuer || oauth.authorizationEndpoint || '';
  try {
    return new URL(raw).host || raw;
  } catch {
    return raw;
  }
}
