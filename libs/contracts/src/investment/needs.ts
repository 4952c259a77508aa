import { z } from 'zod';
import { idParams, regionIdSchema, trimmed } from '../common';
import { defineCommand, defineEvent, recordRoom, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Investment needs (投资需求): what an enterprise wants to invest in. Started from the generator's
// sample aggregate; issue #11 grows it (fields, amounts, counties, confidential details).

export const createNeedSchema = z.strictObject({
  name: trimmed(2, 100),
  /** A Beijing district or county id; the caller's own region when left out. */
  region: regionIdSchema.optional(),
});
export type CreateNeedInput = z.infer<typeof createNeedSchema>;

export const needViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  /** The user who created it: personal, so never in a public view. */
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type NeedView = z.infer<typeof needViewSchema>;

/** What anyone watching the need or its region may see of it. */
export const needPublicSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  version: z.number().int(),
});

// --- commands ---
export const createNeed = defineCommand({
  name: 'investment.needs.create.v1',
  request: createNeedSchema,
  reply: needViewSchema,
});
export const getNeed = defineCommand({
  name: 'investment.needs.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: needViewSchema,
});
export const NeedCommands = { create: createNeed.name, get: getNeed.name } as const;

// --- routes ---
const routes = [
  route(createNeed, {
    method: 'POST',
    path: '/needs',
    tag: 'investment',
    summary: 'Create a need (in your own region; an admin in any)',
    status: 201,
    body: createNeedSchema,
    payload: ({ body }) => body,
    etag: (need) => need.version,
    location: (need) => `/api/v1/needs/${need.id}`,
    errors: [400, 403],
  }),
  route(getNeed, {
    method: 'GET',
    path: '/needs/:id',
    tag: 'investment',
    summary: 'One need',
    params: idParams,
    payload: ({ params }) => params,
    etag: (need) => need.version,
    errors: [400, 404],
  }),
];

// --- events ---
export const needCreated = defineEvent({
  topic: 'investment.need.created.v1',
  payload: z.object({ need: needViewSchema }),
  // In full to its creator; its watchers and its region's room get the public view.
  audience: ({ need }) => [
    to.user(need.createdBy),
    to.open(`need:${need.id}`),
    to.open(`region:${need.region}`),
  ],
  publicView: {
    schema: z.strictObject({ need: needPublicSchema }),
    project: ({ need: { id, name, region, version } }) => ({ need: { id, name, region, version } }),
  },
});
export const NeedEvents = { created: needCreated.topic } as const;

export const needsPart = {
  commands: [createNeed, getNeed] as const satisfies readonly AnyCommand[],
  events: [needCreated] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('need', getNeed, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see investmentDomain.samples). */
  samples: {
    'investment.need.created.v1': {
      need: {
        id: 'need-1',
        name: '样例',
        region: 'xichuan',
        createdBy: 'u-creator',
        version: 1,
        createdAt: '2026-12-01T08:00:00.000Z',
      },
    },
  } satisfies { [T in typeof needCreated.topic]: z.input<typeof needCreated.payload> },
};
