import { StationEvents, type CreateStationInput } from '@qingshui/contracts';
import { decideCreateStation } from './station.decide';
import { at, context, person, refusal } from '../slots/slot.fixtures';

const input: CreateStationInput = {
  name: '淅川县院士专家工作站',
  county: 'xichuan',
  hostOrgId: 'hosp-xichuan',
  fields: ['medicine'],
  address: '淅川县人民医院',
  cadreUserIds: ['cadre-2', 'cadre-1'],
};
const cadre = person('cadre-1', ['cadre'], { region: 'xichuan', orgId: 'gov-xichuan' });

describe('creating a station', () => {
  it('opens a station run by its creator and the cadres named, paired with the county’s district', () => {
    const created = decideCreateStation(input, cadre, context(at(1)));
    expect(created.doc).toMatchObject({
      _id: 'id-1',
      county: 'xichuan',
      pairedDistrict: 'chaoyang',
      cadreUserIds: ['cadre-1', 'cadre-2'],
      createdBy: 'cadre-1',
      version: 1,
      createdAt: at(1),
    });
    expect(created.events).toEqual([
      { topic: StationEvents.created, payload: { station: expect.objectContaining({ id: 'id-1' }) } },
    ]);
    // The event says nothing of who reads it; the reply tells its caller they may manage it.
    expect(created.events[0]!.payload).not.toHaveProperty('station.canManage');
    expect(created.reply.canManage).toBe(true);
  });

  it('refuses a cadre of another county (403); an admin may open one anywhere', () => {
    const other = person('cadre-9', ['cadre'], { region: 'yunyang' });
    expect(refusal(() => decideCreateStation(input, other, context(at(1))))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(decideCreateStation(input, person('admin', ['admin']), context(at(1))).doc.createdBy).toBe(
      'admin',
    );
  });
});
