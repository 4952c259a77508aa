import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
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
import {
  createExpertSchema,
  EXPERT_FIELDS,
  expertPageSchema,
  expertProfileSchema,
  listExpertsQuerySchema,
  parseOrThrow,
  TalentCommands,
  updateExpertSchema,
  verifyExpertSchema,
  challengesForExpertSchema,
  expertSearchPageSchema,
  matchQuerySchema,
  MatchingCommands,
  searchExpertsQuerySchema,
  type ExpertPage,
  type ExpertProfile,
  type Principal,
} from '@qingshui/contracts';
import { REGION_IDS } from '@qingshui/regions';
import { CurrentPrincipal, Roles } from '@qingshui/auth';
import { Commands } from '../common/command-bus.provider';
import { openApiSchema } from '../common/openapi';
import { ApiErrors } from '../common/openapi-errors';
import { correlationIdOf } from '../common/correlation';
import { checkId, versionFromIfMatch } from '../common/request-params';

@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class ExpertsController {
  constructor(private readonly commands: Commands) {}

  @Post()
  @Roles('expert')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register the caller’s own expert profile (专家入库); one per user' })
  @ApiBody({ schema: openApiSchema(createExpertSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(expertProfileSchema, 'output') })
  @ApiErrors(400, 401, 403, 409, 429, 503)
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExpertProfile> {
    const input = parseOrThrow(createExpertSchema, body);
    const expert = await this.commands.request<ExpertProfile>(
      TalentCommands.createExpert,
      principal,
      input,
      correlationIdOf(req),
    );
    res.setHeader('ETag', `"${expert.version}"`);
    res.setHeader('Location', `/api/v1/experts/${expert.id}`);
    return expert;
  }

  @Get()
  @ApiOperation({ summary: 'Browse the shared expert pool (共享专家人才库), newest first' })
  @ApiQuery({ name: 'field', required: false, enum: Object.keys(EXPERT_FIELDS) })
  @ApiQuery({ name: 'region', required: false, enum: REGION_IDS })
  @ApiQuery({
    name: 'academician',
    required: false,
    enum: ['true', 'false'],
    description: '院士 only, or none',
  })
  @ApiQuery({ name: 'verified', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiResponse({ status: 200, schema: openApiSchema(expertPageSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  list(
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<ExpertPage> {
    const parsed = parseOrThrow(listExpertsQuerySchema, query);
    return this.commands.request<ExpertPage>(
      TalentCommands.listExperts,
      principal,
      parsed,
      correlationIdOf(req),
    );
  }

  @Get('search')
  @ApiOperation({
    summary: 'Search the pool by Chinese keywords (jieba-segmented, BM25), sorted by relevance',
  })
  @ApiQuery({ name: 'q', required: false, description: 'e.g. 软籽石榴 病虫害 防控' })
  @ApiQuery({ name: 'field', required: false, enum: Object.keys(EXPERT_FIELDS) })
  @ApiQuery({ name: 'region', required: false, enum: REGION_IDS })
  @ApiQuery({ name: 'academician', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'verified', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'availableOn', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } })
  @ApiQuery({
    name: 'pageSize',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiResponse({ status: 200, schema: openApiSchema(expertSearchPageSchema, 'output') })
  @ApiErrors(400, 401, 429, 503)
  search(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const parsed = parseOrThrow(searchExpertsQuerySchema, query);
    return this.commands.request(MatchingCommands.searchExperts, principal, parsed, correlationIdOf(req));
  }

  @Get(':id/matches')
  @ApiOperation({
    summary: 'Open challenges ranked for this expert, each score explained (the expert, cadres, admins)',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  })
  @ApiResponse({ status: 200, schema: openApiSchema(challengesForExpertSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 429, 503)
  matches(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ) {
    const { limit } = parseOrThrow(matchQuerySchema, query);
    return this.commands.request(
      MatchingCommands.challengesForExpert,
      principal,
      { id: checkId(id), limit },
      correlationIdOf(req),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One expert profile' })
  @ApiResponse({ status: 200, schema: openApiSchema(expertProfileSchema, 'output') })
  @ApiErrors(400, 401, 404, 429, 503)
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExpertProfile> {
    const expert = await this.commands.request<ExpertProfile>(
      TalentCommands.getExpert,
      principal,
      { id: checkId(id) },
      correlationIdOf(req),
    );
    res.setHeader('ETag', `"${expert.version}"`);
    return expert;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a profile (its owner or an admin); If-Match guards against lost updates' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read, e.g. "3"' })
  @ApiBody({ schema: openApiSchema(updateExpertSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(expertProfileSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExpertProfile> {
    const patch = parseOrThrow(updateExpertSchema, body);
    const expectedVersion = versionFromIfMatch(ifMatch);
    const expert = await this.commands.request<ExpertProfile>(
      TalentCommands.updateExpert,
      principal,
      { id: checkId(id), patch, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
      correlationIdOf(req),
    );
    res.setHeader('ETag', `"${expert.version}"`);
    return expert;
  }

  @Put(':id/verification')
  @Roles('cadre', 'admin')
  @ApiOperation({
    summary: 'Set or withdraw the verified mark (cadres and admins, never on their own profile)',
  })
  @ApiBody({ schema: openApiSchema(verifyExpertSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(expertProfileSchema, 'output') })
  @ApiErrors(400, 401, 403, 404, 409, 429, 503)
  async verify(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExpertProfile> {
    const { verified } = parseOrThrow(verifyExpertSchema, body);
    const expert = await this.commands.request<ExpertProfile>(
      TalentCommands.verifyExpert,
      principal,
      { id: checkId(id), verified },
      correlationIdOf(req),
    );
    res.setHeader('ETag', `"${expert.version}"`);
    return expert;
  }
}
