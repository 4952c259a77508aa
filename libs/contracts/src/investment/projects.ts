import { z } from 'zod';
import { COUNTY_IDS, PAIRS, pairOf, regionById } from '@qingshui/regions';
import { booleanFromQuery, countyIdSchema, idParams, intFromQuery, trimmed } from '../common';
import { defineCommand, defineEvent, recordRoom, to, type Delivery } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';
import {
  amountRangeSchema,
  fundingAreaSchema,
  FUNDING_AREA_NAMES,
  investmentFieldSchema,
  INVESTMENT_FIELD_NAMES,
  projectStatusSchema,
  PROJECT_STATUS_NAMES,
} from './vocabulary';

// The county project library (项目储备库): a county's projects, kept by its cadres (admins too),
// readable by every signed-in user (it is there to attract investors), with the full history of
// every change (who, when, which field from what to what). The flagged projects of a year are
// the county's (or the pair's) yearly plan, exported as CSV/XLSX. Matching is in matching.ts.

export const planYearSchema = z.number().int().min(2021).max(2100);

const projectFields = {
  title: trimmed(2, 100),
  fundingArea: fundingAreaSchema,
  field: investmentFieldSchema,
  /** The investment sought, in yuan: a range, or one amount as min = max. */
  investmentSought: amountRangeSchema,
  /** Land available, in 亩 (mu). */
  landMu: z.number().positive().max(1_000_000).optional(),
  /** Where: the site, the park, the town. */
  site: z.string().trim().max(200),
  policySupport: z.string().trim().max(2000),
  status: projectStatusSchema,
  /** In the year's plan (年度计划), for planYear. */
  inPlan: z.boolean(),
  planYear: planYearSchema.optional(),
  description: z.string().trim().max(5000),
};
/** The fields a change may touch, and the history names. */
export const PROJECT_FIELDS = Object.keys(projectFields) as (keyof typeof projectFields)[];
export type ProjectField = (typeof PROJECT_FIELDS)[number];

const planNeedsYear = (project: { inPlan?: boolean; planYear?: number }, ctx: z.RefinementCtx) => {
  if (project.inPlan && project.planYear === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['planYear'],
      message: 'A project in the plan names its plan year',
    });
};

export const createProjectSchema = z
  .strictObject({
    ...projectFields,
    site: projectFields.site.default(''),
    policySupport: projectFields.policySupport.default(''),
    status: projectFields.status.default('reserve'),
    inPlan: projectFields.inPlan.default(false),
    description: projectFields.description.default(''),
    /** The county: a county cadre's own when left out; an admin names it. */
    county: countyIdSchema.optional(),
  })
  .superRefine(planNeedsYear);
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .strictObject(projectFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

/** One field of one change: from what to what (absent when it had, or has, no value). */
export const projectChangeSchema = z.object({
  field: z.string(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});
export type ProjectChange = z.infer<typeof projectChangeSchema>;
export const projectHistoryEntrySchema = z.object({
  at: z.string(),
  action: z.enum(['created', 'updated']),
  changes: z.array(projectChangeSchema),
  /** Who: their user id and name, for those who govern the project only. */
  by: z.string().optional(),
  byName: z.string().optional(),
});
export type ProjectHistoryEntry = z.infer<typeof projectHistoryEntrySchema>;

/** A project in lists and matches: everything but its history. */
export const projectCardSchema = z.object({
  id: z.string(),
  county: z.string(),
  /** The county's pair (e.g. chaoyang-xichuan). */
  pairId: z.string(),
  title: z.string(),
  fundingArea: fundingAreaSchema,
  field: investmentFieldSchema,
  investmentSought: z.object({ minYuan: z.number(), maxYuan: z.number() }),
  landMu: z.number().optional(),
  site: z.string(),
  policySupport: z.string(),
  status: projectStatusSchema,
  inPlan: z.boolean(),
  planYear: z.number().int().optional(),
  description: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The caller may edit it (the county's cadres, admins). */
  canEdit: z.boolean().optional(),
});
export type ProjectCard = z.infer<typeof projectCardSchema>;

/** What every signed-in reader sees, and open rooms hear: the history without who. */
export const projectPublicSchema = projectCardSchema
  .omit({ canEdit: true })
  .extend({
    history: z.array(projectHistoryEntrySchema.omit({ by: true, byName: true }).strict()),
  })
  .strict();
export type ProjectPublic = z.infer<typeof projectPublicSchema>;
/** What events carry to the cadres of the county and its pair: who changed what. */
export const projectFullSchema = projectCardSchema.omit({ canEdit: true }).extend({
  history: z.array(projectHistoryEntrySchema),
});
export type ProjectFull = z.infer<typeof projectFullSchema>;
export const projectViewSchema = projectFullSchema.extend({ canEdit: z.boolean() });
export type ProjectView = z.infer<typeof projectViewSchema>;

const scopeSchema = z.string().refine((id) => COUNTY_IDS.includes(id) || PAIRS.some((p) => p.id === id), {
  message: 'A county id (xichuan) or a pair id (chaoyang-xichuan)',
});
const pairIdSchema = z.string().refine((id) => PAIRS.some((pair) => pair.id === id), {
  message: 'Unknown pair: use a pair id such as chaoyang-xichuan',
});

export const listProjectsQuerySchema = z.strictObject({
  county: countyIdSchema.optional(),
  pairId: pairIdSchema.optional(),
  status: projectStatusSchema.optional(),
  field: investmentFieldSchema.optional(),
  fundingArea: fundingAreaSchema.optional(),
  inPlan: booleanFromQuery.optional(),
  planYear: z.coerce.number().pipe(planYearSchema).optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListProjectsQuery = z.infer<typeof listProjectsQuerySchema>;
export const projectPageSchema = z.object({
  items: z.array(projectCardSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProjectPage = z.infer<typeof projectPageSchema>;

export const updateProjectCommandSchema = z.strictObject({
  id: z.string(),
  patch: updateProjectSchema,
  expectedVersion: z.number().int().optional(),
});
export type UpdateProjectCommand = z.infer<typeof updateProjectCommandSchema>;

// --- commands ---
export const createProject = defineCommand({
  name: 'investment.projects.create.v1',
  request: createProjectSchema,
  reply: projectViewSchema,
});
export const getProject = defineCommand({
  name: 'investment.projects.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: projectViewSchema,
});
export const updateProject = defineCommand({
  name: 'investment.projects.update.v1',
  request: updateProjectCommandSchema,
  reply: projectViewSchema,
});
export const listProjects = defineCommand({
  name: 'investment.projects.list.v1',
  request: listProjectsQuerySchema,
  reply: projectPageSchema,
});
export const ProjectCommands = {
  create: createProject.name,
  get: getProject.name,
  update: updateProject.name,
  list: listProjects.name,
} as const;

// --- routes ---
const version = (project: ProjectView) => project.version;
const routes = [
  route(createProject, {
    method: 'POST',
    path: '/investment/projects',
    tag: 'investment',
    summary: 'Add a project to a county’s library: a cadre of the county for it, an admin for any (county)',
    roles: ['cadre', 'admin'],
    status: 201,
    body: createProjectSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (project) => `/api/v1/investment/projects/${project.id}`,
    errors: [400, 403],
  }),
  route(listProjects, {
    method: 'GET',
    path: '/investment/projects',
    tag: 'investment',
    summary:
      'The project library, by county, pair, status, field, funding area and plan year; latest change first',
    query: listProjectsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getProject, {
    method: 'GET',
    path: '/investment/projects/:id',
    tag: 'investment',
    summary:
      'One project with its history (who changed it: for the cadres of its county and pair, and admins)',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updateProject, {
    method: 'PATCH',
    path: '/investment/projects/:id',
    tag: 'investment',
    summary:
      'Change a project (the county’s cadres or an admin); each change is kept in its history, field by field; If-Match guards the version',
    params: idParams,
    body: updateProjectSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
];

/** A county's name, or a pair's as `朝阳区—淅川县`. */
export function scopeName(scope: string): string {
  const pair = PAIRS.find((p) => p.id === scope);
  if (pair) return `${pair.beijing.zh}—${pair.county.zh}`;
  return regionById(scope)?.zh ?? scope;
}

/** The yearly plan (年度计划): the flagged projects of a county or of a pair for a year. */
const planExport = defineExport(listProjects, {
  path: '/investment/projects/plan/:scope/:year/export',
  summary: 'The yearly plan of a county or a pair: its projects flagged for the year, as CSV or XLSX',
  tag: 'investment',
  params: z.strictObject({ scope: scopeSchema, year: z.coerce.number().pipe(planYearSchema) }),
  query: z.strictObject({}),
  payload: ({ params }, page, pageSize) => ({
    ...(COUNTY_IDS.includes(params.scope) ? { county: params.scope } : { pairId: params.scope }),
    inPlan: true,
    planYear: params.year,
    page,
    pageSize,
  }),
  filename: (params) => `${params.year}年度计划-${scopeName(params.scope)}`,
  sheet: '年度计划',
  columns: [
    { header: '计划年度', value: (p) => p.planYear },
    { header: '区县', value: (p) => regionById(p.county)?.zh ?? p.county },
    { header: '对口区', value: (p) => pairOf(p.county)?.beijing.zh },
    { header: '项目名称', value: (p) => p.title },
    { header: '资金领域', value: (p) => FUNDING_AREA_NAMES[p.fundingArea] },
    { header: '产业领域', value: (p) => INVESTMENT_FIELD_NAMES[p.field] },
    { header: '拟引资下限（元）', value: (p) => p.investmentSought.minYuan },
    { header: '拟引资上限（元）', value: (p) => p.investmentSought.maxYuan },
    { header: '用地（亩）', value: (p) => p.landMu },
    { header: '选址', value: (p) => p.site },
    { header: '政策支持', value: (p) => p.policySupport },
    { header: '项目状态', value: (p) => PROJECT_STATUS_NAMES[p.status] },
    { header: '项目简介', value: (p) => p.description },
    { header: '更新时间', value: (p) => new Date(p.updatedAt) },
  ],
});

// --- events ---
/**
 * In full (who changed what) to the cadres of the county and of its paired district; the public
 * view to the project's room and the county's room: the library is every signed-in user's to read.
 */
function projectAudience(project: ProjectFull): Delivery[] {
  const district = pairOf(project.county)?.beijing.id;
  return [
    to.cadres(project.county),
    ...(district ? [to.cadres(district)] : []),
    to.open(`project:${project.id}`),
    to.open(`region:${project.county}`),
  ];
}
export function publicOfProject(project: ProjectFull): ProjectPublic {
  return {
    ...project,
    history: project.history.map(({ by: _by, byName: _name, ...entry }) => entry),
  };
}
const projectOnly = z.object({ project: projectFullSchema });
export const projectCreated = defineEvent({
  topic: 'investment.project.created.v1',
  payload: projectOnly,
  audience: ({ project }) => projectAudience(project),
  publicView: {
    schema: z.strictObject({ project: projectPublicSchema }),
    project: ({ project }) => ({ project: publicOfProject(project) }),
  },
});
const projectChangedPayload = projectOnly.extend({ changes: z.array(projectChangeSchema) });
export const projectUpdated = defineEvent({
  topic: 'investment.project.updated.v1',
  payload: projectChangedPayload,
  audience: ({ project }) => projectAudience(project),
  publicView: {
    schema: z.strictObject({ project: projectPublicSchema, changes: z.array(projectChangeSchema) }),
    project: ({ project, changes }) => ({ project: publicOfProject(project), changes }),
  },
});
export const ProjectEvents = { created: projectCreated.topic, updated: projectUpdated.topic } as const;

const PROJECT_EVENT_LIST = [projectCreated, projectUpdated] as const;
type ProjectEventPayloads = {
  [E in (typeof PROJECT_EVENT_LIST)[number] as E['topic']]: z.input<E['payload']>;
};
const sampleProject: ProjectFull = {
  id: 'project-1',
  county: 'xichuan',
  pairId: 'chaoyang-xichuan',
  title: '淅川县丹江湿地生态修复与水质提升项目',
  fundingArea: 'water-quality',
  field: 'environmental-protection',
  investmentSought: { minYuan: 80_000_000, maxYuan: 120_000_000 },
  landMu: 300,
  site: '淅川县香花镇丹江沿岸',
  policySupport: '享受库区生态补偿资金配套。',
  status: 'preparation',
  inPlan: true,
  planYear: 2027,
  description: '建设人工湿地与生态缓冲带，削减入库污染负荷。',
  version: 2,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
  history: [
    { at: '2026-12-01T08:00:00.000Z', action: 'created', changes: [], by: 'u-creator', byName: '刘丹水' },
    {
      at: '2026-12-01T08:00:00.000Z',
      action: 'updated',
      changes: [{ field: 'status', from: 'reserve', to: 'preparation' }],
      by: 'u-creator',
    },
  ],
};

export const projectsPart = {
  commands: [createProject, getProject, updateProject, listProjects] as const satisfies readonly AnyCommand[],
  events: PROJECT_EVENT_LIST satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('project', getProject, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [planExport] as readonly ExportRoute[],
  samples: {
    'investment.project.created.v1': { project: sampleProject },
    'investment.project.updated.v1': {
      project: sampleProject,
      changes: [{ field: 'status', from: 'reserve', to: 'preparation' }],
    },
  } satisfies ProjectEventPayloads,
};
