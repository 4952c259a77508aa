import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  BookingCommands,
  checkInBodySchema,
  rescheduleBodySchema,
  searchSlotsSchema,
  EXPERT_FIELDS,
  bookingViewSchema,
  bookResultSchema,
  createSlotSchema,
  createStationSchema,
  listStationsQuerySchema,
  parseOrThrow,
  reasonBodySchema,
  SlotCommands,
  slotListSchema,
  slotSummarySchema,
  slotViewSchema,
  StationCommands,
  stationListSchema,
  stationViewSchema,
  type Principal,
} from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { CurrentPrincipal, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { checkId } from '../common/request-params';

/** Expert workstations (院士专家工作站) and their slots. */
@ApiTags('stations')
@ApiBearerAuth()
@Controller('stations')
export class StationsController {
  constructor(private readonly commands: Commands) {}

  @Post()
  @Roles('cadre', 'admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a workstation (a cadre of its county, or an admin)' })
  @ApiBody({ schema: openApiSchema(createStationSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(stationViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 429, 503)
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const input = parseOrThrow(createStationSchema, body);
    return this.commands.request(StationCommands.create, principal, input, correlationIdOf(req));
  }

  @Get()
  @ApiOperation({ summary: 'Workstations, newest first' })
  @ApiQuery({ name: 'county', required: false, enum: COUNTY_IDS })
  @ApiResponse({ status: 200, schema: openApiSchema(stationListSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const input = parseOrThrow(listStationsQuerySchema, query);
    return this.commands.request(StationCommands.list, principal, input, correlationIdOf(req));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One workstation' })
  @ApiResponse({ status: 200, schema: openApiSchema(stationViewSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(StationCommands.get, principal, { id: checkId(id) }, correlationIdOf(req));
  }

  @Post(':id/slots')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a residency slot: seats, approval, caps per organisation/region, window' })
  @ApiBody({ schema: openApiSchema(createSlotSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(slotViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  createSlot(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const slot = parseOrThrow(createSlotSchema, body);
    return this.commands.request(
      SlotCommands.create,
      principal,
      { stationId: checkId(id), slot },
      correlationIdOf(req),
    );
  }

  @Get(':id/slots')
  @ApiOperation({ summary: 'The station’s slots with their seat counts, by start' })
  @ApiResponse({ status: 200, schema: openApiSchema(slotListSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  slots(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      SlotCommands.list,
      principal,
      { stationId: checkId(id) },
      correlationIdOf(req),
    );
  }
}

@ApiTags('stations')
@ApiBearerAuth()
@Controller('slots')
export class SlotsController {
  constructor(private readonly commands: Commands) {}

  @Get()
  @ApiOperation({ summary: 'Find open slots across stations by county, field and dates, soonest first' })
  @ApiQuery({ name: 'county', required: false, enum: COUNTY_IDS })
  @ApiQuery({ name: 'field', required: false, enum: Object.keys(EXPERT_FIELDS) })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date-time; default now' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date-time' })
  @ApiQuery({
    name: 'available',
    required: false,
    type: Boolean,
    description: 'Only with a free seat, bookable now',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiResponse({ status: 200, schema: openApiSchema(slotListSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  search(
    @Query() query: Record<string, string | undefined>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const input = parseOrThrow(searchSlotsSchema, query);
    return this.commands.request(SlotCommands.search, principal, input, correlationIdOf(req));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One slot: seats, waitlist length; all bookings for the host side, one’s own otherwise',
  })
  @ApiResponse({ status: 200, schema: openApiSchema(slotViewSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(SlotCommands.get, principal, { id: checkId(id) }, correlationIdOf(req));
  }

  @Post(':id/bookings')
  @Roles('expert')
  @HttpCode(201)
  @ApiOperation({ summary: 'Book a seat (confirmed, or pending approval), or join the waitlist when full' })
  @ApiResponse({ status: 201, schema: openApiSchema(bookResultSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  book(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.book,
      principal,
      { slotId: checkId(id) },
      correlationIdOf(req),
    );
  }

  @Post(':id/offer/accept')
  @Roles('expert')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the open offer of a freed seat' })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  accept(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.acceptOffer,
      principal,
      { slotId: checkId(id) },
      correlationIdOf(req),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Call off a slot or tour with a reason (the host side): every booking, offer and place in line ends',
  })
  @ApiBody({ schema: openApiSchema(reasonBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(slotSummarySchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { reason } = parseOrThrow(reasonBodySchema, body);
    return this.commands.request(
      SlotCommands.cancel,
      principal,
      { slotId: checkId(id), reason },
      correlationIdOf(req),
    );
  }

  @Delete(':id/waitlist')
  @Roles('expert')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leave the waitlist; those behind move up' })
  @ApiResponse({ status: 200, schema: openApiSchema(slotSummarySchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  leaveWaitlist(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.leaveWaitlist,
      principal,
      { slotId: checkId(id) },
      correlationIdOf(req),
    );
  }

  @Post(':id/offer/decline')
  @Roles('expert')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline the open offer; the seat goes to the next in line' })
  @ApiResponse({ status: 200, schema: openApiSchema(slotSummarySchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  decline(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.declineOffer,
      principal,
      { slotId: checkId(id) },
      correlationIdOf(req),
    );
  }
}

@ApiTags('stations')
@ApiBearerAuth()
@Controller('bookings')
export class BookingsController {
  constructor(private readonly commands: Commands) {}

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a booking with a reason (the expert or the host side)' })
  @ApiBody({ schema: openApiSchema(reasonBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { reason } = parseOrThrow(reasonBodySchema, body);
    return this.commands.request(
      BookingCommands.cancel,
      principal,
      { bookingId: checkId(id), reason },
      correlationIdOf(req),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending booking (the host side)' })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  approve(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.approve,
      principal,
      { bookingId: checkId(id) },
      correlationIdOf(req),
    );
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending booking with a reason (the host side); frees the seat' })
  @ApiBody({ schema: openApiSchema(reasonBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  reject(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { reason } = parseOrThrow(reasonBodySchema, body);
    return this.commands.request(
      BookingCommands.reject,
      principal,
      { bookingId: checkId(id), reason },
      correlationIdOf(req),
    );
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a booking to another slot of the same station, in one step: the new booking, or nothing changes',
  })
  @ApiBody({ schema: openApiSchema(rescheduleBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  reschedule(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { slotId } = parseOrThrow(rescheduleBodySchema, body);
    return this.commands.request(
      BookingCommands.reschedule,
      principal,
      { bookingId: checkId(id), slotId },
      correlationIdOf(req),
    );
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the expert in at the station, or at a tour stop (the host side)' })
  @ApiBody({ schema: openApiSchema(checkInBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  checkIn(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { stop } = parseOrThrow(checkInBodySchema, body ?? {});
    return this.commands.request(
      BookingCommands.checkIn,
      principal,
      { bookingId: checkId(id), stop },
      correlationIdOf(req),
    );
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a confirmed booking a no-show after the start (the host side)' })
  @ApiResponse({ status: 200, schema: openApiSchema(bookingViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  noShow(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request(
      BookingCommands.markNoShow,
      principal,
      { bookingId: checkId(id) },
      correlationIdOf(req),
    );
  }
}
