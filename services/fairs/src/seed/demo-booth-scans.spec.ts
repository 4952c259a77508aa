import { leadBodySchema } from '@qingshui/contracts';
import { demoBoothScansFor } from './demo-booth-scans';
import { demoExhibitorsFor } from './demo-exhibitors';
import { demoFairs } from './demo-fairs';
import { demoRegistrationsFor } from './demo-registrations';

describe('the demo booth lead scans', () => {
  it('happen at the past fair only, by its accepted exhibitors, of visitors who agreed and hold a ticket', () => {
    const [past, ...others] = [...demoFairs()].sort(
      (a, b) => Number(b.steps.includes('close')) - Number(a.steps.includes('close')),
    );
    for (const fair of others) expect(demoBoothScansFor(fair.fair.title)).toEqual([]);
    const scans = demoBoothScansFor(past!.fair.title);
    expect(scans.length).toBeGreaterThan(1);
    const accepted = new Set(
      demoExhibitorsFor(past!.fair.title)!
        .exhibitors.filter((e) => e.decision === 'accept' && !e.withdraw)
        .map((e) => e.user),
    );
    const registrations = demoRegistrationsFor(past!.fair.title);
    for (const scan of scans) {
      expect(accepted).toContain(scan.exhibitor);
      const registration = registrations.find((r) => r.user === scan.visitor);
      expect(registration?.body.leadConsent).toBe(true);
      // A trade buyer's ticket exists only once the organiser approved the registration.
      if (registration?.body.typeId === 'trade') expect(registration.approve).toBe(true);
      if (scan.member) expect(registration?.body.members?.map((m) => m.name)).toContain(scan.member);
      expect(() =>
        leadBodySchema.parse({ token: 'x'.repeat(40), rating: scan.rating, notes: scan.notes }),
      ).not.toThrow();
    }
    // A second scan of the same pair is what makes a rescan (one lead, one more activity).
    const pairs = scans.map((s) => `${s.exhibitor}:${s.visitor}`);
    expect(new Set(pairs).size).toBeLessThan(pairs.length);
  });
});
