import { emailKey, normaliseEnterpriseName, phoneKey } from './enterprise-name';

describe('normalising enterprise names', () => {
  it('strips legal forms, groups, region prefixes and bracketed places, spaces and full-width forms', () => {
    const same = [
      '北京清源环保科技有限公司',
      '清源环保科技有限责任公司',
      '清源环保科技股份有限公司',
      '清源环保科技（北京）有限公司',
      '北京市 清源环保科技 有限公司',
      '清源环保科技集团有限公司',
      'ＱＹ清源环保科技有限公司'.slice(2),
      '北京市朝阳区清源环保科技有限公司',
    ];
    for (const name of same) expect(normaliseEnterpriseName(name)).toBe('清源环保科技');
    expect(normaliseEnterpriseName('河南省淅川县渠首农业开发有限公司')).toBe('渠首农业开发');
    expect(normaliseEnterpriseName('ＡＢＣ新材料（湖北）有限公司')).toBe('abc新材料');
  });

  it('keeps what tells enterprises apart and never strips a name to nothing', () => {
    expect(normaliseEnterpriseName('清源环保科技有限公司')).not.toBe(
      normaliseEnterpriseName('清源水务有限公司'),
    );
    expect(normaliseEnterpriseName('北京集团')).toBe('北京');
    expect(normaliseEnterpriseName('有限公司').length).toBeGreaterThanOrEqual(2);
    expect(normaliseEnterpriseName('京东方科技集团股份有限公司')).toBe('京东方科技');
    // A bracket that is not a place stays part of the name.
    expect(normaliseEnterpriseName('绿源（环保）有限公司')).toBe('绿源环保');
  });

  it('compares phones by their digits without +86 and emails without case', () => {
    expect(phoneKey('010-6500 1234')).toBe('01065001234');
    expect(phoneKey('+86 138 0013 8000')).toBe('13800138000');
    expect(phoneKey('0086-13800138000')).toBe('13800138000');
    expect(emailKey(' Contact@QingYuan.example.CN ')).toBe('contact@qingyuan.example.cn');
  });
});
