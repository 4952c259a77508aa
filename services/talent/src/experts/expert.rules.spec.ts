import type { ExpertProfile, Principal } from '@qingshui/contracts';
import { canEditExpert, changedFields } from './expert.rules';

const expert: ExpertProfile = {
  id: 'e1',
  userId: 'owner',
  name: '陈静',
  institution: '北京协和医院',
  title: '主任医师',
  fields: ['medicine'],
  skills: ['远程会诊', '基层医生培训'],
  bio: '',
  region: 'dongcheng',
  version: 3,
  createdAt: '',
  updatedAt: '',
};
const who = (userId: string, roles: Principal['roles']): Principal => ({ userId, username: userId, roles });

describe('expert rules', () => {
  it('lets the owner and admins edit, nobody else', () => {
    expect(canEditExpert(who('owner', ['expert']), expert)).toBe(true);
    expect(canEditExpert(who('boss', ['admin']), expert)).toBe(true);
    expect(canEditExpert(who('other', ['expert']), expert)).toBe(false);
    expect(canEditExpert(who('cadre', ['cadre']), expert)).toBe(false);
  });

  it('reports only the fields that really change', () => {
    expect(changedFields(expert, { title: '主任医师', skills: ['远程会诊', '基层医生培训'] })).toEqual([]);
    expect(changedFields(expert, { title: '教授', skills: ['远程会诊'] })).toEqual(['title', 'skills']);
    expect(changedFields(expert, { skills: ['基层医生培训', '远程会诊'] })).toEqual(['skills']);
  });
});
