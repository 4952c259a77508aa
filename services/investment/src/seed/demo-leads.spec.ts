import { createLeadBodySchema, LEAD_STAGES, type Principal } from '@qingshui/contracts';
import type { Change } from '@qingshui/persistence';
import type { LeadDocument } from '../leads/lead.schema';
import {
  decideActivity,
  decideAddTask,
  decideCreate,
  decideMove,
  decideRequestLanding,
  decideStatus,
  decideVerifyLanding,
  mayRead,
  type LeadDecision,
  type NewLead,
} from '../leads/lead.decide';
import { demoLeads } from './demo-leads';
import { DEMO_ENTERPRISE_RECORDS } from './demo-enterprises';

const owner: Principal = {
  userId: 'c',
  username: 'demo-cadre-county',
  roles: ['cadre'],
  orgId: 'gov-xichuan',
  region: 'xichuan',
};
const district: Principal = {
  userId: 'b',
  username: 'demo-cadre-beijing',
  roles: ['cadre'],
  orgId: 'gov-chaoyang',
  region: 'chaoyang',
};
const admin: Principal = { userId: 'a', username: 'demo-admin', roles: ['admin'] };
const now = new Date();
const next = (decision: LeadDecision): LeadDocument => {
  if ('unchanged' in decision) throw new Error('a demo step that changes nothing');
  return {
    ...(decision as Change<LeadDocument, NewLead>).reply,
    outbox: [],
    outboxPending: false,
  } as LeadDocument;
};

describe('the demo leads', () => {
  it('walk through their steps with every gate met, across every stage and several statuses', () => {
    const ends: LeadDocument[] = [];
    for (const [i, demo] of demoLeads().entries()) {
      const body = createLeadBodySchema.parse({ ...demo.lead, ownerId: 'c' });
      const opener = demo.openedBy === 'demo-cadre-county' ? owner : district;
      let doc = {
        ...decideCreate(
          { id: `l${i}`, ...body, origin: { kind: 'manual' }, owner: { userId: 'c', name: '王主任' } },
          opener,
          now,
        ).doc,
        outbox: [],
        outboxPending: false,
      } as LeadDocument;
      for (const step of demo.steps) {
        if ('move' in step)
          doc = next(
            decideMove(
              doc,
              { to: step.move, values: step.values ?? {}, reason: step.reason },
              owner,
              { pairCoordinator: false },
              now,
            ),
          );
        else if ('activity' in step)
          doc = next(
            decideActivity(
              doc,
              {
                id: 'a',
                kind: step.activity,
                at: new Date(now.getTime() - step.daysAgo * 86_400_000).toISOString(),
                people: step.people,
                summary: step.summary,
              },
              owner,
              now,
            ),
          );
        else if ('task' in step)
          doc = next(decideAddTask(doc, { id: 't', title: step.task, dueAt: now.toISOString() }, owner, now));
        else if ('status' in step) doc = next(decideStatus(doc, step, owner, now));
        else if ('requestLanding' in step)
          doc = next(
            decideRequestLanding(
              doc,
              { values: step.requestLanding },
              owner,
              { pairCoordinator: false },
              now,
            ),
          );
        else doc = next(decideVerifyLanding(doc, { decision: 'verify' }, admin, now));
      }
      ends.push(doc);
    }
    expect(new Set(ends.map((d) => d.stage))).toEqual(new Set(LEAD_STAGES));
    expect(new Set(ends.map((d) => d.status))).toEqual(
      new Set(['ongoing', 'delayed', 'dormant', 'lost', 'abandoned']),
    );
    expect(ends.some((d) => d.landing)).toBe(true);
    // The demo investor follows its own lead.
    const investor: Principal = {
      userId: 'i',
      username: 'demo-investor',
      roles: ['enterprise'],
      orgId: 'ent-bj-qingyuan-env',
    };
    expect(ends.some((d) => mayRead(investor, d))).toBe(true);
    expect(new Set(ends.map((d) => d.title)).size).toBe(ends.length);
  });
});

describe('the demo leads’ enterprises', () => {
  it('are records of the demo enterprise library, named as there', () => {
    const records = new Map(DEMO_ENTERPRISE_RECORDS.map((r) => [r.id, r.name]));
    for (const demo of demoLeads()) {
      const { enterpriseId, name } = demo.lead.enterprise;
      expect([enterpriseId, records.get(enterpriseId)]).toEqual([enterpriseId, name]);
    }
  });
});
