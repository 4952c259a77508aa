import { AppError, type Principal } from '@qingshui/contracts';
import { bearerTokenOf, TokenVerifier } from './token-verifier';

interface HandshakeSocket {
  handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> };
  data: { principal?: Principal };
}

/**
 * Socket.IO middleware (`io.use`): Nest guards do not run on a connection, so the handshake token
 * (`auth.token`, or an Authorization header) is verified here and the principal kept on the socket.
 */
export function socketAuthMiddleware(verifier: TokenVerifier) {
  return (socket: HandshakeSocket, next: (err?: Error & { data?: unknown }) => void): void => {
    const fromAuth = socket.handshake.auth?.['token'];
    const token =
      typeof fromAuth === 'string' ? fromAuth : bearerTokenOf(socket.handshake.headers['authorization']);
    verifier
      .verify(token)
      .then((principal) => {
        socket.data.principal = principal;
        next();
      })
      .catch((error: unknown) => {
        const appError =
          error instanceof AppError ? error : new AppError(401, 'UNAUTHENTICATED', 'The token is not valid');
        const rejection = new Error(appError.message) as Error & { data?: unknown };
        rejection.data = { code: appError.code, message: appError.message };
        next(rejection);
      });
  };
}
