import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  BookingCommands,
  bookResultSchema,
  createTourSchema,
  listToursQuerySchema,
  parseOrThrow,
  SlotCommands,
  slotListSchema,
  slotViewSchema,
  TourCommands,
  type Principal,
} from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { CurrentPrincipal, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { checkId } from '../common/request-params';

/**
 * Visit tours (院士专家库区行). A tour is booked like a slot: its offers, waitlist, bookings,
 * cancellations and check-ins use the /slots/:id and /bookings/:id routes with the tour's id.
 */
@ApiTags('tours')
@ApiBearerAuth()
@Controller('tours')
export class ToursController {
  constructor(private readonly commands: Commands) {}

  @Post()
  @Roles('cadre', 'admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a tour: county stops with dates, seats, eligibility, caps, window' })
  @ApiBody({ schema: openApiSchema(createTourSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(slotViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 429, 503)
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const input = parseOrThrow(createTourSchema, body);
    return this.commands.request(TourCommands.create, principal, input, correlationIdOf(req));
  }

  @Get()
  @ApiOperation({ summary: 'Tours, soonest first (upcoming only unless upcoming=false)' })
  @ApiQuery({ name: 'county', required: false, enum: COUNTY_IDS })
  @ApiQuery({ name: 'upcoming', required: false, type: Boolean })
  @ApiResponse({ status: 200, schema: openApiSchema(slotListSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  list(
    @Query() query: Record<string, string | undefined>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const input = parseOrThrow(listToursQuerySchema, query);
    return this.commands.request(TourCommands.list, principal, input, correlationIdOf(req));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One tour: stops, seats, the line; all registrations for the host side' })
  @ApiResponse({ status: 200, schema: openApiSchema(slotViewSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(SlotCommands.get, principal, { id: checkId(id) }, correlationIdOf(req));
  }

  @Post(':id/registrations')
  @Roles('expert')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register for the tour (eligibility checked), or join its waitlist when full' })
  @ApiResponse({ status: 201, schema: openApiSchema(bookResultSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  register(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.book,
      principal,
      { slotId: checkId(id) },
      correlationIdOf(req),
    );
  }
}
