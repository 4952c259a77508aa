import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, hasRole, type Principal, type Role } from '@qingshui/contracts';
import { bearerTokenOf, TokenVerifier } from './token-verifier';

const PUBLIC_KEY = 'qingshui:public';
const ROLES_KEY = 'qingshui:roles';

/** The route needs no token (health, docs, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
/** The caller needs at least one of these realm roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Global HTTP guard: 401 without a valid Keycloak token, 403 without a required role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const principal = await this.verifier.verify(bearerTokenOf(request.headers['authorization']));
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !hasRole(principal, ...required)) {
      throw new AppError(403, 'FORBIDDEN', `This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

/** Injects the verified principal of the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (!principal) throw new AppError(401, 'UNAUTHENTICATED', 'A bearer token is required');
    return principal;
  },
);
