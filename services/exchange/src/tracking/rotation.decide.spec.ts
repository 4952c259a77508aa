import { gapsOf, monthsFrom, rotationPlan } from './rotation.decide';
import type { TenureRow } from './tenure.schema';

const xichuan = { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' };
const fgw = { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' };
const chaoyang = { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' };

const row = (
  id: string,
  unit: typeof xichuan,
  start: string,
  end: string,
  extra: Partial<TenureRow> = {},
): TenureRow => ({
  tenureId: id,
  cadreName: `干部${id}`,
  receivingUnit: unit,
  sendingUnit: unit === chaoyang ? xichuan : chaoyang,
  direction: unit === chaoyang ? 'to-beijing' : 'to-county',
  kind: 'secondment',
  state: 'on-post',
  startDate: start,
  endDate: end,
  version: 1,
  ...extra,
});

describe('the rotation plan', () => {
  it('counts months across a year end', () => {
    expect(monthsFrom('2027-11', 4)).toEqual(['2027-11', '2027-12', '2028-01', '2028-02']);
  });

  it('sees no gap when a successor arrives within the handover grace', () => {
    const rows = [
      row('a', xichuan, '2026-03-01', '2027-02-28'),
      row('b', xichuan, '2027-03-15', '2029-02-28'),
    ];
    expect(gapsOf(rows).map((g) => g.afterTenureId)).toEqual(['b']);
  });

  it('marks a gap from a return with no successor, until a later placement starts', () => {
    const rows = [
      row('a', xichuan, '2026-03-01', '2027-02-28'),
      row('b', xichuan, '2027-09-01', '2029-08-31'),
    ];
    const [gap] = gapsOf(rows);
    expect(gap).toEqual({
      unitId: 'gov-xichuan',
      afterTenureId: 'a',
      cadreName: '干部a',
      from: '2027-02-28',
      until: '2027-09-01',
    });
  });

  it('counts an early return as a return, and a unit still covered by another cadre as no gap', () => {
    const rows = [
      row('a', fgw, '2027-03-01', '2027-06-10', { state: 'returned-early' }),
      row('b', fgw, '2027-03-01', '2028-02-29'),
    ];
    // a left early but b still serves past the grace: the gap opens only when b returns.
    expect(gapsOf(rows).map((g) => [g.afterTenureId, g.from])).toEqual([['b', '2028-02-29']]);
  });

  it('lays out rows per unit (county side first), months with who is on post and who returns, and gaps', () => {
    const rows = [
      row('a', xichuan, '2026-03-01', '2027-02-28'),
      row('c', chaoyang, '2026-09-01', '2027-08-31'),
      row('d', chaoyang, '2027-09-10', '2028-08-31'),
      row('old', fgw, '2020-01-01', '2020-12-31', { state: 'completed' }),
    ];
    const plan = rotationPlan('chaoyang-xichuan', 'xichuan', rows, '2027-01', 6);
    expect(plan.months).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
    expect(plan.units.map((u) => [u.unit.id, u.side, u.bars.map((b) => b.tenureId)])).toEqual([
      ['gov-xichuan', 'county', ['a']],
      ['gov-chaoyang', 'beijing', ['c']],
    ]);
    expect(plan.byMonth[1]).toEqual({
      month: '2027-02',
      onPost: [
        { tenureId: 'a', cadreName: '干部a', unitId: 'gov-xichuan' },
        { tenureId: 'c', cadreName: '干部c', unitId: 'gov-chaoyang' },
      ],
      returning: [{ tenureId: 'a', cadreName: '干部a', unitId: 'gov-xichuan', date: '2027-02-28' }],
      gapUnitIds: ['gov-xichuan'],
    });
    expect(plan.byMonth[2]!.onPost.map((p) => p.tenureId)).toEqual(['c']);
    // 淅川's gap is open-ended (no successor); 朝阳's handover from c to d is within the grace; the
    // old completed tenure's gap is outside the window.
    expect(plan.gaps).toEqual([
      {
        unitId: 'gov-xichuan',
        afterTenureId: 'a',
        cadreName: '干部a',
        from: '2027-02-28',
        months: ['2027-02', '2027-03', '2027-04', '2027-05', '2027-06'],
      },
    ]);
  });
});
