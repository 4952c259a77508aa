import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@qingshui/auth';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';

/** What the web console needs to sign in: one build of it serves every environment. */
@ApiTags('console')
@Controller('console')
export class ConsoleController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'The identity provider of the web console (Keycloak URL, realm, public client)' })
  consoleConfig() {
    return {
      keycloak: {
        url: this.config.console.keycloakUrl,
        realm: this.config.keycloak.realm,
        clientId: this.config.console.clientId,
      },
    };
  }
}
