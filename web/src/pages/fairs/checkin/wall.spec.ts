import type { CheckinCounts } from '@qingshui/contracts';
import { arrivalsSeries } from './wall';

const counts = (by10Minutes: Record<string, number>): CheckinCounts => ({
  fairId: 'f',
  listId: 'main',
  checkedIn: 0,
  inside: 0,
  entries: 0,
  exits: 0,
  byType: {},
  byDay: {},
  byHour: {},
  by10Minutes,
  version: 1,
});

describe('the wall’s arrivals chart', () => {
  it('has a bar for every 10 minutes from the first arrival to the last, empty ones at 0, one day only', () => {
    const series = arrivalsSeries(
      counts({ '2027-05-18T09:00': 3, '2027-05-18T09:40': 2, '2027-05-18T10:10': 1, '2027-05-19T09:00': 9 }),
      '2027-05-18',
    );
    expect(series.labels).toEqual(['09:00', '09:10', '09:20', '09:30', '09:40', '09:50', '10:00', '10:10']);
    expect(series.values).toEqual([3, 0, 0, 0, 2, 0, 0, 1]);
    expect(arrivalsSeries(counts({}), '2027-05-18')).toEqual({ labels: [], values: [] });
  });
});
