import * as contracts from './index';
import { COMMAND_PATTERNS, COMMAND_SCHEMAS, EVENT_SCHEMAS, EVENT_TOPICS, createEnvelope } from './index';

/** Collects every string constant that looks like a topic from the exported `*Events`/`*Commands` maps. */
function declaredTopics(kind: 'Events' | 'Commands'): string[] {
  return Object.entries(contracts)
    .filter(([name, value]) => name.endsWith(kind) && typeof value === 'object' && value !== null)
    .flatMap(([, value]) => Object.values(value as Record<string, unknown>))
    .filter((v): v is string => typeof v === 'string');
}

describe('contracts registry', () => {
  it('has a schema for every declared event topic, named <service>.<aggregate>.<event>.v<major>', () => {
    const topics = declaredTopics('Events');
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      expect(topic).toMatch(/^[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$/);
      expect(EVENT_TOPICS).toContain(topic);
      expect(EVENT_SCHEMAS[topic as keyof typeof EVENT_SCHEMAS]).toBeDefined();
    }
  });

  it('has request and response schemas for every declared command', () => {
    const patterns = declaredTopics('Commands');
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      expect(COMMAND_PATTERNS).toContain(pattern);
      const schemas = COMMAND_SCHEMAS[pattern as keyof typeof COMMAND_SCHEMAS];
      expect(schemas?.request).toBeDefined();
      expect(schemas?.response).toBeDefined();
    }
  });

  it('validates an event envelope and rejects a malformed one', () => {
    const expert = {
      id: 'e1',
      userId: 'u1',
      name: '张三',
      institution: '北京林业大学',
      title: '教授',
      fields: ['ecology-water'],
      skills: ['水土保持'],
      bio: '',
      region: 'haidian',
      academician: false,
      honours: [],
      languages: ['中文'],
      availability: [],
      contactVisibility: 'cadres',
      conflictOrgIds: [],
      engagements: { visits: 0, challengesSolved: 0 },
      verified: false,
      version: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    const envelope = createEnvelope({
      type: 'talent.expert.registered.v1',
      key: 'e1',
      actor: 'u1',
      payload: { expert },
    });
    const schema = EVENT_SCHEMAS['talent.expert.registered.v1'];
    expect(schema.safeParse(envelope).success).toBe(true);
    expect(schema.safeParse({ ...envelope, id: 'not-a-uuid' }).success).toBe(false);
    expect(
      schema.safeParse({ ...envelope, payload: { expert: { ...expert, fields: ['astrology'] } } }).success,
    ).toBe(false);
  });
});
