import { z } from 'zod';
import { validationLocaleOf } from './request';

const asking = (language: string | false) => ({ acceptsLanguages: () => language }) as never;
const messageOf = (schema: z.ZodType, value: unknown, language: string | false) => {
  const error = validationLocaleOf(asking(language));
  const result = schema.safeParse(value, error ? { error } : undefined);
  return result.error?.issues[0]?.message;
};

describe('validation messages in the caller’s language', () => {
  it('says in plain Chinese how long a text or list must be, and how large a number', () => {
    expect(messageOf(z.string().min(2), '石', 'zh-CN')).toBe('至少 2 个字符');
    expect(messageOf(z.string().max(3), '丹江口库区', 'zh')).toBe('最多 3 个字符');
    expect(messageOf(z.array(z.string()).min(1), [], 'zh-CN')).toBe('至少 1 项');
    expect(messageOf(z.number().int().min(1), 0, 'zh-CN')).toBe('不能小于 1');
    expect(messageOf(z.number().positive(), 0, 'zh-CN')).toBe('不能小于 0（不含）');
  });

  it('keeps English for others, and a schema’s own words for everyone', () => {
    expect(messageOf(z.string().min(2), '石', 'en')).toMatch(/^Too small/);
    expect(messageOf(z.string().min(2), '石', false)).toMatch(/^Too small/);
    expect(messageOf(z.string().min(2, 'Name it'), '石', 'zh-CN')).toBe('Name it');
    expect(messageOf(z.email(), 'x', 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
  });
});
