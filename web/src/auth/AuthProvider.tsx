import Keycloak from 'keycloak-js';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Principal, Role } from '@qingshui/contracts';
import { setTokenSource } from '../api/client';
import { principalOf, type AccessClaims } from './principal';

/** What the gateway tells the console about its identity provider (GET /api/v1/console/config). */
export interface ConsoleConfig {
  keycloak: { url: string; realm: string; clientId: string };
}

export interface Auth {
  status: 'loading' | 'anonymous' | 'authenticated' | 'error';
  principal?: Principal;
  error?: string;
  login(): Promise<void>;
  logout(): Promise<void>;
  /** A token valid for at least 30 s more (refreshed when needed), or undefined when signed out. */
  token(): Promise<string | undefined>;
  hasRole(...roles: Role[]): boolean;
  /** Where to open the Keycloak account console (password, sessions). */
  accountUrl?: string;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** The signed-in principal (pages under the authenticated layout only). */
export function usePrincipal(): Principal {
  const { principal } = useAuth();
  if (!principal) throw new Error('usePrincipal without a signed-in user');
  return principal;
}

const MIN_VALIDITY_SECONDS = 30;

/**
 * Signs in with Keycloak's authorization-code flow with PKCE (S256) through keycloak-js. Tokens
 * stay in memory (keycloak-js keeps only the flow's state and PKCE verifier in storage while it
 * redirects); a silent SSO check in a hidden frame restores a session on reload, and the token is
 * refreshed ahead of expiry. Logout ends the Keycloak session, not just the page's.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Pick<Auth, 'status' | 'principal' | 'error'>>({ status: 'loading' });
  const [keycloak, setKeycloak] = useState<Keycloak>();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const response = await fetch('/api/v1/console/config');
      if (!response.ok) throw new Error(`console config: HTTP ${response.status}`);
      const config = (await response.json()) as ConsoleConfig;
      const kc = new Keycloak(config.keycloak);
      const authenticated = await kc.init({
        onLoad: 'check-sso',
        pkceMethod: 'S256',
        silentCheckSsoRedirectUri: `${window.location.origin}/silent-check-sso.html`,
        checkLoginIframe: false,
        responseMode: 'fragment',
      });
      if (cancelled) return;
      kc.onTokenExpired = () => void kc.updateToken(MIN_VALIDITY_SECONDS).catch(() => kc.login());
      kc.onAuthRefreshSuccess = () =>
        setState({ status: 'authenticated', principal: principalOf(kc.tokenParsed as AccessClaims) });
      kc.onAuthLogout = () => setState({ status: 'anonymous' });
      setKeycloak(kc);
      setState(
        authenticated
          ? { status: 'authenticated', principal: principalOf(kc.tokenParsed as AccessClaims) }
          : { status: 'anonymous' },
      );
    })().catch((error: unknown) => {
      if (!cancelled) setState({ status: 'error', error: (error as Error).message });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const auth = useMemo<Auth>(() => {
    const token = async () => {
      if (!keycloak?.authenticated) return undefined;
      try {
        await keycloak.updateToken(MIN_VALIDITY_SECONDS);
      } catch {
        // The session ended at Keycloak (logged out elsewhere, or idle too long): sign in again.
        setState({ status: 'anonymous' });
        return undefined;
      }
      return keycloak.token;
    };
    // Set during render, not in an effect: children's queries start in their effects, which run
    // before this component's.
    setTokenSource(token);
    return {
      ...state,
      token,
      login: async () => {
        await keycloak?.login({ redirectUri: `${window.location.origin}/` });
      },
      logout: async () => {
        await keycloak?.logout({ redirectUri: `${window.location.origin}/` });
      },
      hasRole: (...roles: Role[]) => roles.some((role) => state.principal?.roles.includes(role) ?? false),
      ...(keycloak ? { accountUrl: keycloak.createAccountUrl() } : {}),
    };
  }, [keycloak, state]);

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
