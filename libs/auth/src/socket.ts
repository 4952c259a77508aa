import { AppError, type Principal } from '@qingshui/contracts';
import { TokenRefusedError } from './refusals';
import { bearerTokenOf, TokenVerifier, type VerifiedToken } from './token-verifier';

/** What the handshake leaves on `socket.data`: who, which Keycloak session, until when. */
export interface SocketAuth {
  principal: Principal;
  sessionId?: string;
  /** When the socket's token expires (epoch ms): the gateway disconnects it then, unless refreshed. */
  expiresAtMs: number;
}

interface HandshakeSocket {
  handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> };
  data: Partial<SocketAuth>;
}

/** What a refused handshake or token refresh tells the client (`connect_error`'s `data`, an ack). */
export interface TokenRefusal {
  code: string;
  message: string;
  /** Why the token was refused (`expired`, `revoked`, …), when it was the token. */
  reason?: string;
}

/** The refusal to send a socket client: our messages only, never an unexpected error's text. */
export function tokenRefusalOf(error: unknown): TokenRefusal {
  if (error instanceof TokenRefusedError)
    return { code: error.code, message: error.message, reason: error.reason };
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'UNAUTHENTICATED', message: 'The token could not be checked' };
}

/** `socket.data` from a verified token. */
export function socketAuthOf(verified: VerifiedToken): SocketAuth {
  return {
    principal: verified.principal,
    ...(verified.sessionId !== undefined ? { sessionId: verified.sessionId } : {}),
    expiresAtMs: verified.expiresAtMs,
  };
}

/**
 * Socket.IO middleware (`io.use`): Nest guards do not run on a connection, so the handshake token
 * (`auth.token`, or an Authorization header) is verified here with the same checks and messages
 * as HTTP, and the principal, session and expiry are kept on the socket.
 */
export function socketAuthMiddleware(verifier: TokenVerifier) {
  return (socket: HandshakeSocket, next: (err?: Error & { data?: unknown }) => void): void => {
    const fromAuth = socket.handshake.auth?.['token'];
    const token =
      typeof fromAuth === 'string' ? fromAuth : bearerTokenOf(socket.handshake.headers['authorization']);
    verifier
      .verifyToken(token)
      .then((verified) => {
        Object.assign(socket.data, socketAuthOf(verified));
        next();
      })
      .catch((error: unknown) => {
        const refusal = tokenRefusalOf(error);
        const rejection = new Error(refusal.message) as Error & { data?: unknown };
        rejection.data = refusal;
        next(rejection);
      });
  };
}
