import { Controller, Get, Header, Inject, Param, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import {
  AppError,
  BookingCommands,
  idParams,
  parseOrThrow,
  PATH,
  recordIdParam,
  SlotCommands,
  StationCommands,
  type Principal,
} from '@qingshui/contracts';
import { CurrentPrincipal, Public, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';
import { expertCalendar, feedToken, feedTokenValid, stationCalendar } from './ics';

const ICS = 'text/calendar; charset=utf-8';
/** Feeds are read by calendar apps, not by a user: a principal with no roles reads public data. */
const FEED_READER: Principal = { userId: 'system:calendar-feed', username: 'calendar-feed', roles: [] };
const feedUrlSchema = z.object({ url: z.string(), token: z.string() });
const userParams = z.strictObject({ userId: recordIdParam('userId') });
/** An iCalendar document, as OpenAPI describes it. */
const Calendar = ApiResponse({
  status: 200,
  description: 'An iCalendar (RFC 5545) document',
  content: { 'text/calendar': { schema: { type: 'string' } } },
});

/** The signed-in expert's own calendar (these answer iCalendar, not JSON, so they are written here). */
@ApiTags('stations')
@ApiBearerAuth()
@Controller('me')
export class MyCalendarController {
  constructor(
    private readonly commands: Commands,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('calendar.ics')
  @Roles('expert')
  @Header('Content-Type', ICS)
  @ApiOperation({ summary: 'My confirmed bookings as iCalendar', operationId: 'getMeCalendarIcs' })
  @ApiProduces('text/calendar', 'application/json')
  @Calendar
  @ApiErrors(401, 403, 429, 503)
  async calendar(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<string> {
    return this.feedFor(principal, correlationIdOf(req));
  }

  @Get('calendar-feed')
  @Roles('expert')
  @ApiOperation({
    summary: 'A private feed URL for calendar apps (no login; keep it secret)',
    operationId: 'getMeCalendarFeed',
  })
  @ApiResponse({ status: 200, schema: openApiSchema(feedUrlSchema, 'output') })
  @ApiErrors(401, 403, 429)
  feed(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const token = feedToken(this.config.calendarFeedSecret, principal.userId);
    const base = this.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
    const path = `/api/v1/calendars/experts/${encodeURIComponent(principal.userId)}/bookings.ics`;
    return { url: `${base}${path}?token=${token}`, token };
  }

  async feedFor(principal: Principal, correlationId: string): Promise<string> {
    const bookings = await this.commands.request(
      BookingCommands.mine,
      principal,
      { status: ['confirmed'] },
      correlationId,
    );
    return expertCalendar(bookings, '清水 · 我的驻站与库区行');
  }
}

/** iCalendar feeds that calendar apps subscribe to without a login. */
@ApiTags('stations')
@Controller('calendars')
export class CalendarFeedsController {
  constructor(
    private readonly commands: Commands,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('experts/:userId/bookings.ics')
  @Public()
  @Header('Content-Type', ICS)
  @ApiOperation({
    summary: 'An expert’s confirmed bookings (the signed URL from /me/calendar-feed)',
    operationId: 'getCalendarsExpertsByUserIdBookingsIcs',
  })
  @ApiParam({ name: 'userId', required: true, schema: openApiSchema(userParams.shape.userId) })
  @ApiQuery({ name: 'token', required: true, schema: { type: 'string' } })
  @ApiProduces('text/calendar', 'application/json')
  @Calendar
  @ApiErrors(400, 404, 429, 503)
  async expert(@Param('userId') userId: string, @Query('token') token: unknown, @Req() req: Request) {
    parseOrThrow(userParams, { userId }, PATH);
    // Same answer for an unknown user and a wrong token: the URL reveals nothing.
    if (!feedTokenValid(this.config.calendarFeedSecret, userId, token))
      throw AppError.notFound('No such calendar feed');
    const principal: Principal = { userId, username: userId, roles: ['expert'] };
    const bookings = await this.commands.request(
      BookingCommands.mine,
      principal,
      { status: ['confirmed'] },
      correlationIdOf(req),
    );
    return expertCalendar(bookings, '清水 · 驻站与库区行');
  }

  @Get('stations/:id/schedule.ics')
  @Public()
  @Header('Content-Type', ICS)
  @ApiOperation({
    summary: 'A station’s schedule: every slot with its seats',
    operationId: 'getCalendarsStationsByIdScheduleIcs',
  })
  @ApiParam({ name: 'id', required: true, schema: openApiSchema(idParams.shape.id) })
  @ApiProduces('text/calendar', 'application/json')
  @Calendar
  @ApiErrors(400, 404, 429, 503)
  async station(@Param('id') id: string, @Req() req: Request) {
    const stationId = parseOrThrow(idParams, { id }, PATH).id;
    const correlationId = correlationIdOf(req);
    const station = await this.commands.request(
      StationCommands.get,
      FEED_READER,
      { id: stationId },
      correlationId,
    );
    const slots = await this.commands.request(SlotCommands.list, FEED_READER, { stationId }, correlationId);
    return stationCalendar(station, slots);
  }
}
