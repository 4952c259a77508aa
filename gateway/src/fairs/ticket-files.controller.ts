import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import {
  AppError,
  parseOrThrow,
  PATH,
  TicketCommands,
  type Principal,
  type TicketView,
} from '@qingshui/contracts';
import { CurrentPrincipal } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { ticketFontFromEnv, TicketFontMissingError, ticketPdf, ticketPng } from './ticket-render';

const ticketParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid ticket id'),
});
const asciiName = (ticket: TicketView, ext: string) => `ticket-${ticket.id}.${ext}`;
const disposition = (ticket: TicketView, ext: string) =>
  `inline; filename="${asciiName(ticket, ext)}"; filename*=UTF-8''${encodeURIComponent(`${ticket.fairTitle}-门票.${ext}`)}`;

/**
 * A ticket as an image and a printable PDF, in Chinese (these answer files, not JSON, so they are
 * written here). The ticket is read through the command bus as the caller: its holder and the
 * organiser's staff get it, anyone else a 404, exactly as GET /tickets/:id.
 */
@ApiTags('fairs')
@ApiBearerAuth()
@Controller('tickets')
export class TicketFilesController {
  private readonly font = ticketFontFromEnv();

  constructor(private readonly commands: Commands) {}

  private async ticket(id: string, principal: Principal, req: Request): Promise<TicketView> {
    const { id: ticketId } = parseOrThrow(ticketParams, { id }, PATH);
    return this.commands.request(TicketCommands.get, principal, { id: ticketId }, correlationIdOf(req));
  }

  private rendered<T>(render: () => T): T {
    try {
      return render();
    } catch (error) {
      if (error instanceof TicketFontMissingError)
        throw new AppError(503, 'DEPENDENCY_UNAVAILABLE', error.message);
      throw error;
    }
  }

  @Get(':id/ticket.png')
  @ApiOperation({
    summary: 'A ticket as a PNG image with its QR code, in Chinese',
    operationId: 'getTicketsByIdTicketPng',
  })
  @ApiParam({ name: 'id', required: true, schema: { type: 'string' } })
  @ApiProduces('image/png', 'application/json')
  @ApiResponse({
    status: 200,
    description: 'A PNG image',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 401, 404, 429, 503)
  async png(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const ticket = await this.ticket(id, principal, req);
    const png = this.rendered(() => ticketPng(ticket, this.font));
    return new StreamableFile(png, { type: 'image/png', disposition: disposition(ticket, 'png') });
  }

  @Get(':id/ticket.pdf')
  @ApiOperation({
    summary: 'A ticket as a printable PDF (A6) with its QR code, in Chinese',
    operationId: 'getTicketsByIdTicketPdf',
  })
  @ApiParam({ name: 'id', required: true, schema: { type: 'string' } })
  @ApiProduces('application/pdf', 'application/json')
  @ApiResponse({
    status: 200,
    description: 'A PDF document',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 401, 404, 429, 503)
  async pdf(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const ticket = await this.ticket(id, principal, req);
    const pdf = await this.rendered(() => ticketPdf(ticket, this.font));
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: disposition(ticket, 'pdf') });
  }
}
