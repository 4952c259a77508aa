import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '@qingshui/contracts';
import { LogoutTokenRefusedError, Public, TokenVerifier } from '@qingshui/auth';
import { ApiErrors } from '../common/openapi-errors';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SessionRevocationService } from './session-revocation.service';

const FORM = 'application/x-www-form-urlencoded';

/**
 * OpenID Connect Back-Channel Logout 1.0: Keycloak posts a signed logout token here when a session
 * ends (the user logs out, an admin ends the session or all of a user's sessions). Set it as the
 * client's `backchannel.logout.url`, with "session required" so the token names the session.
 */
@ApiTags('auth')
@Controller('auth')
export class BackchannelLogoutController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly revocations: SessionRevocationService,
    private readonly realtime: RealtimeGateway,
  ) {}

  @Public()
  @Post('backchannel-logout')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Back-channel logout (called by Keycloak): the session’s tokens are refused and its sockets closed',
    operationId: 'postAuthBackchannelLogout',
  })
  @ApiConsumes(FORM)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['logout_token'],
      properties: { logout_token: { type: 'string', description: 'The OIDC logout token (a JWT)' } },
    },
  })
  @ApiResponse({ status: 200, description: 'The session is logged out on every gateway instance' })
  @ApiErrors(400, 415, 503)
  async logout(@Req() request: Request): Promise<void> {
    if (!request.is(FORM))
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the logout_token as ${FORM}`);
    const field = (request.body as Record<string, unknown> | undefined)?.['logout_token'];
    if (Array.isArray(field)) throw new LogoutTokenRefusedError('send one logout_token, not several');
    const claims = await this.verifier.verifyLogoutToken(typeof field === 'string' ? field : undefined);
    const revocation = await this.revocations.revoke(claims);
    this.realtime.disconnectRevoked(revocation);
  }
}
