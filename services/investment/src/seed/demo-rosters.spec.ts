import { putRosterBodySchema } from '@qingshui/contracts';
import { decideClaim, emptyRoster, eligible } from '../assignment/roster.decide';
import type { PairRosterDocument } from '../assignment/roster.schema';
import { DEMO_ROSTERS, DEMO_ROSTER_USERS, rosterBody, subjectOf } from './demo-rosters';

const idOf = (username: string) => `id-${username}`;

describe('the demo rosters', () => {
  it('are valid PUT bodies, with Chinese names, one cadre away and the district’s coordinator', () => {
    for (const roster of DEMO_ROSTERS) {
      const body = putRosterBodySchema.parse(rosterBody(roster, idOf));
      const onRoster = new Set(body.members.map((m) => m.userId));
      for (const rule of body.rules) for (const id of rule.memberIds) expect(onRoster.has(id)).toBe(true);
      for (const m of body.members) expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    const [county, district] = DEMO_ROSTERS;
    expect(county!.members.filter((m) => m.away)).toHaveLength(1);
    expect(county!.members.some((m) => m.coordinator)).toBe(false);
    expect(district!.members.filter((m) => m.coordinator).map((m) => m.username)).toEqual([
      'demo-cadre-beijing',
    ]);
  });

  it('name only users of the realm or of DEMO_ROSTER_USERS, each a cadre of the roster’s region', () => {
    const realm = new Map([
      ['demo-cadre-county', 'xichuan'],
      ['demo-cadre-beijing', 'chaoyang'],
      ...DEMO_ROSTER_USERS.map((u) => [u.username, u.region] as [string, string]),
    ]);
    for (const roster of DEMO_ROSTERS)
      for (const m of roster.members) expect(realm.get(m.username)).toBe(roster.region);
    for (const u of DEMO_ROSTER_USERS) expect(u.role).toBe('cadre');
  });

  it('place leads by the rules: solar to the new-energy cadres, the away cadre never', () => {
    const [county, district] = DEMO_ROSTERS;
    const c = putRosterBodySchema.parse(rosterBody(county!, idOf));
    const d = putRosterBodySchema.parse(rosterBody(district!, idOf));
    const doc: PairRosterDocument = {
      ...emptyRoster('xichuan', new Date()),
      version: 1,
      countySide: { members: c.members, rules: c.rules.map((r, i) => ({ ...r, id: `r${i}` })) },
      districtSide: { members: d.members, rules: d.rules.map((r, i) => ({ ...r, id: `p${i}` })) },
    };
    expect([...eligible(doc, { leadId: 'x', field: 'solar', amountYuan: 200_000_000 })].sort()).toEqual([
      'id-demo-cadre-county',
      'id-demo-cadre-xichuan-2',
    ]);
    expect([...eligible(doc, { leadId: 'x', field: 'tcm', amountYuan: 600_000_000 })].sort()).toEqual([
      'id-demo-cadre-chaoyang-2',
      'id-demo-cadre-xichuan-3',
      'id-demo-cadre-xichuan-4',
    ]);
    const picked = decideClaim({ leadId: 'x', field: 'tcm', amountYuan: 1_000_000 })(doc);
    expect('reply' in picked && picked.reply?.userId).toBe('id-demo-cadre-xichuan-4');
  });

  it('read a user id from a token’s subject', () => {
    const token = ['h', Buffer.from(JSON.stringify({ sub: 'u-42' })).toString('base64url'), 's'].join('.');
    expect(subjectOf(token)).toBe('u-42');
  });
});
