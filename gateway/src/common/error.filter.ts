import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { AppError, type AppErrorBody, type ErrorCode } from '@qingshui/contracts';
import { wwwAuthenticate } from '@qingshui/auth';
import { GATEWAY_CONFIG } from '../tokens';
import { correlationIdOf } from './correlation';
import type { GatewayConfig } from '../config';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE',
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
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, request);
    if (body.status === 503) response.setHeader('Retry-After', String(this.config.retryAfterSeconds));
    const challenge = wwwAuthenticate(exception, this.config.keycloak.realm);
    if (challenge) response.setHeader('WWW-Authenticate', challenge);
    response.status(body.status).json({ ...body, correlationId: correlationIdOf(request, response) });
  }

  private toBody(exception: unknown, request: Request): AppErrorBody {
    if (exception instanceof AppError) return exception.toBody();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeByStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      if (status === 404) return { status, code, message: `No route ${request.method} ${request.path}` };
      // body-parser errors (malformed JSON, too large) arrive as HttpExceptions with a safe message.
      const message = status >= 500 ? 'Something went wrong on our side' : exception.message;
      return { status, code, message };
    }
    const typeStatus = (exception as { status?: number; type?: string }).status;
    if (typeStatus === 400 || typeStatus === 413) {
      return {
        status: typeStatus,
        code: 'VALIDATION_FAILED',
        message: 'The request body is not valid JSON or too large',
      };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side' };
  }
}
