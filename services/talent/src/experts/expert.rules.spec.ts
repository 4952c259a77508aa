import type { ExpertProfile, Principal } from '@qingshui/contracts';
import { canEditExpert, canSeeContact, canVerifyExpert, changedFields } from './expert.rules';

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
  academician: false,
  honours: [],
  languages: ['中文'],
  availability: [],
  contact: { email: 'chen@pumch.example' },
  contactVisibility: 'cadres',
  conflictOrgIds: [],
  engagements: { visits: 2, challengesSolved: 1 },
  verified: false,
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

  it('shows contact details as the expert chose, always to the owner and admins', () => {
    const cadre = who('c', ['cadre']);
    const enterprise = who('ent', ['enterprise']);
    expect(canSeeContact(who('owner', ['expert']), { ...expert, contactVisibility: 'private' })).toBe(true);
    expect(canSeeContact(who('boss', ['admin']), { ...expert, contactVisibility: 'private' })).toBe(true);
    expect(canSeeContact(cadre, { ...expert, contactVisibility: 'private' })).toBe(false);
    expect(canSeeContact(cadre, expert)).toBe(true);
    expect(canSeeContact(enterprise, expert)).toBe(false);
    expect(canSeeContact(enterprise, { ...expert, contactVisibility: 'public' })).toBe(true);
    expect(canSeeContact(undefined, { ...expert, contactVisibility: 'public' })).toBe(false);
  });

  it('lets cadres and admins verify others, never themselves', () => {
    expect(canVerifyExpert(who('c', ['cadre']), expert)).toBe(true);
    expect(canVerifyExpert(who('a', ['admin']), expert)).toBe(true);
    expect(canVerifyExpert(who('x', ['expert']), expert)).toBe(false);
    expect(canVerifyExpert(who('owner', ['expert', 'cadre']), expert)).toBe(false);
  });

  it('compares availability windows and contact by content', () => {
    expect(changedFields(expert, { contact: { email: 'chen@pumch.example' } })).toEqual([]);
    expect(changedFields(expert, { availability: [{ from: '2027-03-01', to: '2027-03-10' }] })).toEqual([
      'availability',
    ]);
  });
});
