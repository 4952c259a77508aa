import { createExpertSchema, listExpertsQuerySchema, updateExpertSchema } from './experts';
import { fieldErrorsOf } from '../errors';

const valid = {
  name: '李明',
  institution: '中国科学院生态环境研究中心',
  title: '研究员',
  fields: ['ecology-water'],
  skills: ['水质监测', '面源污染治理'],
  bio: '长期从事丹江口库区水质保护研究。',
  region: 'haidian',
};

describe('talent contracts', () => {
  it('accepts a valid profile and trims text', () => {
    const parsed = createExpertSchema.parse({ ...valid, name: '  李明 ' });
    expect(parsed.name).toBe('李明');
  });

  it('names every offending field', () => {
    const result = createExpertSchema.safeParse({ ...valid, region: 'atlantis', fields: [], extra: 1 });
    expect(result.success).toBe(false);
    const fields = fieldErrorsOf(result.error!).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['region', 'fields']));
    expect(fields.some((f) => f === '(body)' || f === 'extra')).toBe(true);
  });

  it('rejects duplicate skills and an empty patch', () => {
    expect(createExpertSchema.safeParse({ ...valid, skills: ['水质监测', '水质监测'] }).success).toBe(false);
    expect(updateExpertSchema.safeParse({}).success).toBe(false);
    expect(updateExpertSchema.parse({ title: '教授' })).toEqual({ title: '教授' });
    const { bio: _bio, skills: _skills, ...minimal } = valid;
    expect(createExpertSchema.parse(minimal)).toMatchObject({ bio: '', skills: [] });
  });

  it('coerces and bounds list paging', () => {
    expect(listExpertsQuerySchema.parse({ page: '2' })).toEqual({ page: 2, pageSize: 20 });
    expect(listExpertsQuerySchema.safeParse({ pageSize: '1000' }).success).toBe(false);
  });
});

describe('schemas shared by gateway and service', () => {
  it('accept their own output, since the service validates what the gateway parsed', () => {
    const once = listExpertsQuerySchema.parse({ academician: 'true', verified: 'false', page: '2' });
    expect(once).toEqual({ academician: true, verified: false, page: 2, pageSize: 20 });
    expect(listExpertsQuerySchema.parse(once)).toEqual(once);
    const created = createExpertSchema.parse(valid);
    expect(createExpertSchema.parse(created)).toEqual(created);
  });
});
