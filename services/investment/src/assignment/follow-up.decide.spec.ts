import type { Change, Decision } from '@qingshui/persistence';
import type { LeadSnapshot } from '../lead-snapshot';
import {
  decideLeadChanged,
  decideStep,
  followUpJobId,
  followUpsView,
  reasonsOf,
  type FollowUpJob,
  type PlanSettings,
} from './follow-up.decide';
import type { FollowUpDocument } from './follow-up.schema';

const DAY = 86_400_000;
const settings: PlanSettings = { dayMs: DAY, escalationDays: 3 };
const t0 = new Date('2026-12-01T00:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

const lead = (extra: Partial<LeadSnapshot> = {}): LeadSnapshot => ({
  id: 'lead-1',
  version: 1,
  stage: 'assigned',
  status: 'ongoing',
  county: 'xichuan',
  pairId: 'chaoyang-xichuan',
  field: 'solar',
  estimatedAmountYuan: 300_000_000,
  enterprise: { enterpriseId: 'ent-1', name: '北京清源环保科技有限公司', orgId: 'ent-bj-qingyuan-env' },
  ownerId: 'owner-1',
  lastActivityAt: t0.toISOString(),
  tasks: [],
  origin: { kind: 'manual' },
  ...extra,
});

const emptyDoc = (): FollowUpDocument =>
  ({
    _id: 'lead-1',
    leadVersion: 0,
    planned: [],
    fired: [],
    recipients: [],
    version: 0,
  }) as unknown as FollowUpDocument;

function apply<R>(doc: FollowUpDocument, decision: Decision<FollowUpDocument, R, FollowUpJob>) {
  if ('unchanged' in decision) return { doc, reply: decision.unchanged, change: undefined };
  const change = decision as Change<FollowUpDocument, R, FollowUpJob>;
  return { doc: { ...doc, ...change.set, version: doc.version + 1 }, reply: change.reply, change };
}

describe('which reminders a lead’s snapshot has', () => {
  it('reminds after the stage’s days without activity; none for landed or closed leads', () => {
    const days = (stage: LeadSnapshot['stage']) =>
      reasonsOf(lead({ stage }), t0, settings).find((r) => r.kind === 'idle')?.dueAt;
    expect(days('prospect')).toEqual(at(7));
    expect(days('assigned')).toEqual(at(14));
    expect(days('active')).toEqual(at(21));
    expect(days('signed')).toEqual(at(30));
    expect(reasonsOf(lead({ stage: 'landed' }), t0, settings)).toEqual([]);
    expect(reasonsOf(lead({ status: 'lost' }), t0, settings)).toEqual([]);
    expect(reasonsOf(lead({ status: 'abandoned' }), t0, settings)).toEqual([]);
  });

  it('reminds 7 days before the expected signing date (morning in China), until the date', () => {
    const withDate = lead({ expectedSigningDate: '2026-12-20' });
    const signing = reasonsOf(withDate, t0, settings).find((r) => r.kind === 'signing');
    expect(signing?.dueAt.toISOString()).toBe('2026-12-13T01:00:00.000Z');
    expect(reasonsOf(withDate, new Date('2026-12-21T00:00:00Z'), settings).map((r) => r.kind)).toEqual([
      'idle',
    ]);
    // Signed already: the date is behind it.
    expect(reasonsOf({ ...withDate, stage: 'signed' }, t0, settings).map((r) => r.kind)).toEqual(['idle']);
  });

  it('reminds when an open task is overdue, not for done ones', () => {
    const reasons = reasonsOf(
      lead({
        tasks: [
          { id: 't1', title: '报送项目可研', dueAt: at(5).toISOString(), done: false },
          { id: 't2', title: '安排考察', dueAt: at(2).toISOString(), done: true },
        ],
      }),
      t0,
      settings,
    );
    expect(reasons.filter((r) => r.kind === 'task')).toEqual([
      expect.objectContaining({ taskTitle: '报送项目可研', dueAt: at(5) }),
    ]);
  });

  it('names a reason by what it counts from: new activity or another owner is another reminder', () => {
    const id = (l: LeadSnapshot) => reasonsOf(l, t0, settings)[0]!.id;
    expect(id(lead())).toBe(id(lead({ version: 5, field: 'wind' })));
    expect(id(lead())).not.toBe(id(lead({ lastActivityAt: at(1).toISOString() })));
    expect(id(lead())).not.toBe(id(lead({ ownerId: 'owner-2' })));
    expect(id(lead())).not.toBe(id(lead({ stage: 'active' })));
  });
});

describe('planning and running jobs', () => {
  it('plans one job per reason with a deterministic id, and ignores a repeated or older snapshot', () => {
    const first = apply(
      emptyDoc(),
      decideLeadChanged(lead(), settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const jobs = first.change!.schedule!;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.at).toEqual(at(14));
    expect(followUpJobId(jobs[0]!.job)).toMatch(/^inv-fu-lead-1-v1-idle-[0-9a-f]{12}-remind$/);
    expect(followUpJobId(jobs[0]!.job)).not.toContain(':');
    const again = decideLeadChanged(lead(), settings)(first.doc, { now: t0, newId: () => 'x' });
    expect('unchanged' in again).toBe(true);
  });

  it('fires to the owner, then escalates to the coordinators if still untouched', () => {
    const planned = apply(
      emptyDoc(),
      decideLeadChanged(lead(), settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const job = planned.change!.schedule![0]!.job;
    const fired = apply(
      planned.doc,
      decideStep(job, ['coord-1'], settings)(planned.doc, { now: at(14), newId: () => 'x' }),
    );
    expect(fired.reply.outcome).toBe('fired');
    expect(fired.doc.fired).toEqual([expect.objectContaining({ sentTo: ['owner-1'], escalatedTo: [] })]);
    expect(fired.doc.recipients).toEqual(['owner-1']);
    expect(fired.change!.events![0]).toMatchObject({
      topic: 'investment.lead.reminder.v1',
      payload: { ownerId: 'owner-1', reminder: { state: 'fired', kind: 'idle' }, coordinatorIds: [] },
    });
    const escalation = fired.change!.schedule![0]!;
    expect(escalation).toMatchObject({ job: { step: 'escalate', leadVersion: 1 }, at: at(17) });
    // The same job again (BullMQ retried it): nothing more.
    expect(
      'unchanged' in decideStep(job, ['coord-1'], settings)(fired.doc, { now: at(14), newId: () => 'x' }),
    ).toBe(true);
    const up = apply(
      fired.doc,
      decideStep(escalation.job, ['coord-1'], settings)(fired.doc, { now: at(17), newId: () => 'x' }),
    );
    expect(up.reply.outcome).toBe('escalated');
    expect(up.doc.recipients.sort()).toEqual(['coord-1', 'owner-1']);
    expect(up.change!.events![0]).toMatchObject({
      payload: { coordinatorIds: ['coord-1'], reminder: { state: 'escalated', escalatedTo: ['coord-1'] } },
    });
    const view = followUpsView(up.doc);
    expect(view.upcoming).toEqual([]);
    expect(view.history[0]).toMatchObject({
      state: 'escalated',
      sentTo: ['owner-1'],
      escalatedTo: ['coord-1'],
    });
  });

  it('never fires for a lead that moved on: the old job is superseded and removed, the reminder resolved', () => {
    const planned = apply(
      emptyDoc(),
      decideLeadChanged(lead(), settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const oldJob = planned.change!.schedule![0]!.job;
    const moved = apply(
      planned.doc,
      decideLeadChanged(lead({ version: 2, stage: 'active', lastActivityAt: at(3).toISOString() }), settings)(
        planned.doc,
        { now: at(3), newId: () => 'x' },
      ),
    );
    expect(moved.change!.unschedule).toEqual([oldJob]);
    expect(moved.change!.schedule![0]).toMatchObject({ job: { leadVersion: 2 }, at: at(24) });
    const stale = decideStep(oldJob, ['coord-1'], settings)(moved.doc, { now: at(14), newId: () => 'x' });
    expect(stale).toEqual({ unchanged: { outcome: 'superseded', recipients: [] } });
  });

  it('resolves a fired reminder when the lead closes, and plans nothing more', () => {
    const planned = apply(
      emptyDoc(),
      decideLeadChanged(lead(), settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const fired = apply(
      planned.doc,
      decideStep(
        planned.change!.schedule![0]!.job,
        [],
        settings,
      )(planned.doc, { now: at(14), newId: () => 'x' }),
    );
    const closed = apply(
      fired.doc,
      decideLeadChanged(lead({ version: 2, status: 'lost' }), settings)(fired.doc, {
        now: at(15),
        newId: () => 'x',
      }),
    );
    expect(closed.change!.schedule).toEqual([]);
    expect(closed.doc.fired[0]!.resolvedAt).toEqual(at(15));
    expect(closed.reply).toEqual({ added: [], removed: ['owner-1'] });
    expect(followUpsView(closed.doc).history[0]!.state).toBe('resolved');
  });

  it('keeps the escalation planned across a change that is no activity, and drops it after activity', () => {
    const withTask = lead({
      tasks: [{ id: 't1', title: '报送可研', dueAt: at(2).toISOString(), done: false }],
    });
    const planned = apply(
      emptyDoc(),
      decideLeadChanged(withTask, settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const taskJob = planned.change!.schedule!.find((s) => s.job.reminderId.startsWith('task-'))!.job;
    const fired = apply(
      planned.doc,
      decideStep(taskJob, [], settings)(planned.doc, { now: at(2), newId: () => 'x' }),
    );
    const edited = apply(
      fired.doc,
      decideLeadChanged({ ...withTask, version: 2, field: 'wind' }, settings)(fired.doc, {
        now: at(3),
        newId: () => 'x',
      }),
    );
    expect(edited.change!.schedule!.find((s) => s.job.step === 'escalate')).toMatchObject({
      job: { leadVersion: 2, reminderId: taskJob.reminderId },
      at: at(5),
    });
    const touched = apply(
      edited.doc,
      decideLeadChanged({ ...withTask, version: 3, lastActivityAt: at(4).toISOString() }, settings)(
        edited.doc,
        {
          now: at(4),
          newId: () => 'x',
        },
      ),
    );
    expect(touched.change!.schedule!.filter((s) => s.job.step === 'escalate')).toEqual([]);
  });

  it('sends a reminder of a lead without owner straight to the coordinators', () => {
    const orphan = lead({ ownerId: undefined as never });
    delete (orphan as { ownerId?: string }).ownerId;
    const planned = apply(
      emptyDoc(),
      decideLeadChanged(orphan, settings)(emptyDoc(), { now: t0, newId: () => 'x' }),
    );
    const fired = apply(
      planned.doc,
      decideStep(
        planned.change!.schedule![0]!.job,
        ['coord-1'],
        settings,
      )(planned.doc, { now: at(14), newId: () => 'x' }),
    );
    expect(fired.reply.outcome).toBe('escalated');
    expect(fired.change!.schedule).toEqual([]);
    expect(fired.doc.fired[0]).toMatchObject({ sentTo: ['coord-1'], escalatedTo: ['coord-1'] });
  });
});
