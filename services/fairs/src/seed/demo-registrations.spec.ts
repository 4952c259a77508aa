import { registerSchema, ticketTypesSchema, type Principal } from '@qingshui/contracts';
import type { FairDocument } from '../fairs/fair.schema';
import { decideTicketTypes, EMPTY_LEDGER } from '../registrations/ledger.rules';
import { acceptRegistration } from '../registrations/registration.decide';
import { demoFairs } from './demo-fairs';
import { DEMO_VISITOR_USERS, demoRegistrationsFor, demoTicketTypesFor } from './demo-registrations';

describe('the demo registrations', () => {
  it('give every demo fair valid ticket types, and registrations its ticket types accept', () => {
    for (const demo of demoFairs()) {
      const types = ticketTypesSchema.parse(demoTicketTypesFor(demo.fair.title));
      const days = demo.fair.days.map((d) => d.date);
      const { quota } = decideTicketTypes(EMPTY_LEDGER, days, types);
      const ledger = { ...EMPTY_LEDGER, types, typesVersion: 1, quota };
      const fair = { _id: 'f', status: 'visitors-open', days: demo.fair.days } as unknown as FairDocument;
      const regs = demoRegistrationsFor(demo.fair.title);
      expect(regs.length).toBeGreaterThan(4);
      for (const reg of regs) {
        const principal: Principal = { userId: reg.user, username: reg.user, roles: ['expert'] };
        expect(() =>
          acceptRegistration(registerSchema.parse({ ...reg.body, fairId: 'f' }), fair, ledger, principal),
        ).not.toThrow();
      }
      const users = new Set([...DEMO_VISITOR_USERS.map((u) => u.username), 'demo-expert', 'demo-expert2']);
      expect(regs.every((r) => users.has(r.user))).toBe(true);
    }
  });
});
