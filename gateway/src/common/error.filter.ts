import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppError, type AppErrorBody, type ErrorCode } from '@qingshui/contracts';
import { wwwAuthenticate } from '@qingshui/auth';
import { GATEWAY_CONFIG } from '../tokens';
import { correlationIdOf } from './correlation';
import { RouteTable } from './route-table';
import type { GatewayConfig } from '../config';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
  504: 'OUTCOME_UNKNOWN',
};

/**
 * Every error leaves as `{ status, code, message, fields?, correlationId }`. Unknown errors are
 * logged with their stack and answered with a plain 500: no stack trace ever reaches a client.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    @InjectPinoLogger('errors') private readonly logger: PinoLogger,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly routes: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, request, response);
    if (body.status === 503 || body.status === 504)
      response.setHeader('Retry-After', String(this.config.retryAfterSeconds));
    const challenge = wwwAuthenticate(exception, this.config.keycloak.realm);
    if (challenge) response.setHeader('WWW-Authenticate', challenge);
    response.status(body.status).json({ ...body, correlationId: correlationIdOf(request, response) });
  }

  private toBody(exception: unknown, request: Request, response: Response): AppErrorBody {
    if (exception instanceof AppError) return exception.toBody();
    if (exception instanceof NotFoundException) return this.noRoute(request, response);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeByStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      const message = status >= 500 ? 'Something went wrong on our side' : exception.message;
      return { status, code, message };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side' };
  }

  /** No route for this method and path: 405 with `Allow` if the path exists, else 404. */
  private noRoute(request: Request, response: Response): AppErrorBody {
    const allowed = this.routes.allowed(request.path);
    if (allowed.length === 0)
      return { status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${request.path}` };
    response.setHeader('Allow', allowed.join(', '));
    return {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `${request.method} is not allowed on ${request.path}; use ${allowed.join(', ')}`,
    };
  }
}
