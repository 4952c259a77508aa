import {
  canonicalCreditCode,
  createEnterpriseSchema,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
} from '@qingshui/contracts';

// Real codes of well-known enterprises, as printed on their business licences.
const REAL = [
  '91440300708461136T', // 腾讯科技（深圳）有限公司
  '914403001922038216', // 华为技术有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91330100716105852F',
];

describe('the unified social credit code (GB 32100-2015)', () => {
  it('accepts real codes and computes their check character from weights 3^i mod 31', () => {
    for (const code of REAL) {
      expect(creditCodeProblem(code)).toBeUndefined();
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('refuses a changed character, a wrong length, letters the code never uses and a non-numeric division', () => {
    expect(creditCodeProblem('91440300708461136X')).toMatch(/check character.*expected T/);
    expect(creditCodeProblem('91440300708461137T')).toMatch(/check character/);
    expect(creditCodeProblem('9144030070846113')).toMatch(/18 characters/);
    expect(creditCodeProblem('9144030070846113IT')).toMatch(/“I” is not used/);
    expect(creditCodeProblem('91A40300708461136T')).toMatch(/administrative division/);
  });

  it('reads codes as people type them: full-width, lower case, spaces and dashes', () => {
    expect(canonicalCreditCode('９１４４０３００７０８４６１１３６ｔ')).toBe('91440300708461136T');
    expect(isValidCreditCode(' 9144 0300-7084 6113 6t ')).toBe(true);
    const parsed = createEnterpriseSchema.parse({ name: '腾讯科技', creditCode: '91440300708461136t' });
    expect(parsed.creditCode).toBe('91440300708461136T');
    const bad = createEnterpriseSchema.safeParse({ name: '腾讯科技', creditCode: '91440300708461136X' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['creditCode'],
      message: expect.stringMatching(/check/),
    });
  });
});
