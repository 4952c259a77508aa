import { normalise, normalisePhrase, segment, tokenize, uniqueTokens } from './tokenizer';

describe('tokenizer', () => {
  it('segments a real research title into words', () => {
    expect(segment('丹江口库区水土保持与生态修复研究')).toEqual([
      '丹江口',
      '库区',
      '水土保持',
      '生态',
      '修复',
      '研究',
    ]);
    const tokens = tokenize('丹江口库区水土保持与生态修复研究');
    // search mode adds the sub-words, so 丹江 and 水土 match too
    expect(tokens).toEqual(
      expect.arrayContaining(['丹江口', '丹江', '库区', '水土保持', '水土', '生态', '修复']),
    );
    expect(tokens).not.toContain('与');
  });

  it('splits produce phrases so that longer skills share tokens with shorter ones', () => {
    expect(uniqueTokens('软籽石榴栽培')).toEqual(['软籽', '石榴', '栽培']);
    expect(uniqueTokens('石榴栽培')).toEqual(['石榴', '栽培']);
    expect(uniqueTokens('香菇菌棒工厂化生产')).toEqual(
      expect.arrayContaining(['香菇', '菌棒', '工厂化', '生产']),
    );
    expect(uniqueTokens('中医药康养旅游')).toEqual(expect.arrayContaining(['中医药', '康养', '旅游']));
  });

  it('normalises full-width and Latin characters and drops punctuation and stopwords', () => {
    expect(normalise('ＡＩ大模型与ＧＩＳ遥感')).toBe('ai大模型与gis遥感');
    expect(uniqueTokens('ＧＩＳ遥感，与 Python 数据分析！')).toEqual([
      'gis',
      '遥感',
      'python',
      '数据',
      '分析',
      '数据分析',
    ]);
    expect(tokenize('的 和 与 及，。！')).toEqual([]);
    expect(normalisePhrase(' 软籽 石榴·栽培 ')).toBe('软籽石榴栽培');
  });
});
