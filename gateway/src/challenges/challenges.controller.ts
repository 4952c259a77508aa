import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  applicationListSchema,
  ApplicationCommands,
  applicationViewSchema,
  CHALLENGE_STATUSES,
  ChallengeCommands,
  challengePageSchema,
  challengeViewSchema,
  createApplicationSchema,
  createChallengeSchema,
  EXPERT_FIELDS,
  listChallengesQuerySchema,
  expertsForChallengeSchema,
  matchQuerySchema,
  MatchingCommands,
  parseOrThrow,
  reasonBodySchema,
  updateChallengeSchema,
  type ApplicationList,
  type ApplicationView,
  type ChallengePage,
  type ChallengeView,
  type CommandPattern,
  type Principal,
} from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { CurrentPrincipal, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { checkId, RECORD_ID, versionFromIfMatch } from '../common/request-params';

export const awardBodySchema = z.strictObject({ applicationId: z.string().regex(RECORD_ID) });

/** The challenge list (揭榜挂帅): posting, lifecycle, terms, applications. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengesController {
  constructor(private readonly commands: Commands) {}

  private async challenge(
    pattern: CommandPattern,
    principal: Principal,
    payload: unknown,
    req: Request,
    res: Response,
  ): Promise<ChallengeView> {
    const view = await this.commands.request<ChallengeView>(
      pattern,
      principal,
      payload,
      correlationIdOf(req),
    );
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post()
  @Roles('enterprise', 'cadre')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post a challenge as a draft (an enterprise, or a county cadre for the county)' })
  @ApiBody({ schema: openApiSchema(createChallengeSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 429, 503)
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChallengeView> {
    const input = parseOrThrow(createChallengeSchema, body);
    const view = await this.challenge(ChallengeCommands.create, principal, input, req, res);
    res.setHeader('Location', `/api/v1/challenges/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The challenge list, newest first; drafts only for those concerned' })
  @ApiQuery({ name: 'status', required: false, enum: CHALLENGE_STATUSES })
  @ApiQuery({ name: 'field', required: false, enum: Object.keys(EXPERT_FIELDS) })
  @ApiQuery({ name: 'county', required: false, enum: COUNTY_IDS })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } })
  @ApiResponse({ status: 200, schema: openApiSchema(challengePageSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  list(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request<ChallengePage>(
      ChallengeCommands.list,
      principal,
      parseOrThrow(listChallengesQuerySchema, query),
      correlationIdOf(req),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One challenge; confidential details only for those allowed' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.challenge(ChallengeCommands.get, principal, { id: checkId(id) }, req, res);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a draft or published challenge (move its deadline…); terms fixed once published',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read, e.g. "3"' })
  @ApiBody({ schema: openApiSchema(updateChallengeSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const patch = parseOrThrow(updateChallengeSchema, body);
    const expectedVersion = versionFromIfMatch(ifMatch);
    return this.challenge(
      ChallengeCommands.update,
      principal,
      { id: checkId(id), patch, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
      req,
      res,
    );
  }

  private step(pattern: CommandPattern, id: string, ifMatch: string | undefined, extra: object = {}) {
    const expectedVersion = versionFromIfMatch(ifMatch);
    return {
      pattern,
      payload: { id: checkId(id), ...extra, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    };
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft (schedules the deadline job)' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  publish(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pattern, payload } = this.step(ChallengeCommands.publish, id, ifMatch);
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close applications before the deadline' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  close(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pattern, payload } = this.step(ChallengeCommands.close, id, ifMatch);
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a draft, published or closed challenge, with a reason' })
  @ApiBody({ schema: openApiSchema(reasonBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { reason } = parseOrThrow(reasonBodySchema, body);
    const { pattern, payload } = this.step(ChallengeCommands.cancel, id, ifMatch, { reason });
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/terms/accept')
  @Roles('expert')
  @HttpCode(200)
  @ApiOperation({ summary: 'An expert accepts the terms (IP, confidentiality) and may read the details' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  acceptTerms(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.challenge(ChallengeCommands.acceptTerms, principal, { id: checkId(id) }, req, res);
  }

  @Post(':id/award')
  @HttpCode(200)
  @ApiOperation({ summary: 'Award a closed challenge to one application' })
  @ApiBody({ schema: openApiSchema(awardBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  award(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { applicationId } = parseOrThrow(awardBodySchema, body);
    const { pattern, payload } = this.step(ChallengeCommands.award, id, ifMatch, { applicationId });
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report delivery (the awarded experts or the poster side)' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  deliver(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pattern, payload } = this.step(ChallengeCommands.deliver, id, ifMatch);
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the delivery and complete the challenge (the poster side)' })
  @ApiResponse({ status: 200, schema: openApiSchema(challengeViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  complete(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { pattern, payload } = this.step(ChallengeCommands.complete, id, ifMatch);
    return this.challenge(pattern, principal, payload, req, res);
  }

  @Post(':id/applications')
  @Roles('expert')
  @HttpCode(201)
  @ApiOperation({ summary: 'Apply (揭榜), alone or leading a team of experts; one application per expert' })
  @ApiBody({ schema: openApiSchema(createApplicationSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(applicationViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  apply(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const application = parseOrThrow(createApplicationSchema, body);
    return this.commands.request<ApplicationView>(
      ApplicationCommands.submit,
      principal,
      { id: checkId(id), application },
      correlationIdOf(req),
    );
  }

  @Get(':id/matches')
  @ApiOperation({
    summary:
      'Experts ranked for this challenge, each score explained, conflicts of interest listed apart (poster, county and paired cadres)',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiResponse({ status: 200, schema: openApiSchema(expertsForChallengeSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  matches(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { limit } = parseOrThrow(matchQuerySchema, query);
    return this.commands.request(
      MatchingCommands.expertsForChallenge,
      principal,
      { id: checkId(id), limit },
      correlationIdOf(req),
    );
  }

  @Get(':id/applications')
  @ApiOperation({ summary: 'Applications: all of them for the poster side, one’s own for an expert' })
  @ApiResponse({ status: 200, schema: openApiSchema(applicationListSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  applications(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.commands.request<ApplicationList>(
      ApplicationCommands.list,
      principal,
      { id: checkId(id) },
      correlationIdOf(req),
    );
  }

  @Post(':id/applications/:appId/shortlist')
  @HttpCode(200)
  @ApiOperation({ summary: 'Shortlist an application (the poster side)' })
  @ApiResponse({ status: 200, schema: openApiSchema(applicationViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  shortlist(
    @Param('id') id: string,
    @Param('appId') appId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    return this.commands.request<ApplicationView>(
      ApplicationCommands.shortlist,
      principal,
      { id: checkId(id), applicationId: checkId(appId, 'applicationId') },
      correlationIdOf(req),
    );
  }

  @Post(':id/applications/:appId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject an application with a reason (the poster side)' })
  @ApiBody({ schema: openApiSchema(reasonBodySchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(applicationViewSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  reject(
    @Param('id') id: string,
    @Param('appId') appId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { reason } = parseOrThrow(reasonBodySchema, body);
    return this.commands.request<ApplicationView>(
      ApplicationCommands.reject,
      principal,
      { id: checkId(id), applicationId: checkId(appId, 'applicationId'), reason },
      correlationIdOf(req),
    );
  }
}
