import { demoFairs } from './demo-fairs';

// Booth lead scans at the past demo fair, while it runs: exhibitors scan the badges of the trade
// buyers who agreed to it (新发地's delegation), a second scan of the same buyer updating the
// lead. Each scan is a `fairs.lead.captured.v1` event, so the investment service opens one lead
// per exhibitor and buyer from them (线索溯源), as it would at a real fair.

export interface DemoBoothScan {
  /** The exhibitor's enterprise user (an accepted exhibitor of the fair). */
  exhibitor: string;
  /** The visitor whose tickets are scanned: the first of theirs, or the one of this member. */
  visitor: string;
  member?: string;
  rating: number;
  notes: string;
  productsOfInterest: string[];
}

/** The scans of a fair: the past fair's only (the others have not run). */
export function demoBoothScansFor(fairTitle: string): DemoBoothScan[] {
  const past = demoFairs().find((f) => f.steps.includes('close'));
  if (!past || past.fair.title !== fairTitle) return [];
  return [
    {
      exhibitor: 'demo-enterprise',
      visitor: 'demo-buyer-xinfadi',
      rating: 5,
      notes: '新发地果品部有意每周采购软籽石榴 2 吨，要求冷链直发，下周安排到淅川基地考察。',
      productsOfInterest: ['淅川软籽石榴'],
    },
    {
      exhibitor: 'demo-enterprise',
      visitor: 'demo-buyer-xinfadi',
      member: '李明',
      rating: 4,
      notes: '李明补充：批发市场可提供常年固定摊位，询问冷库合作。',
      productsOfInterest: ['淅川软籽石榴'],
    },
    {
      exhibitor: 'demo-ent-xixia',
      visitor: 'demo-buyer-xinfadi',
      rating: 4,
      notes: '香菇干货询价，需要有机认证证书复印件。',
      productsOfInterest: ['西峡香菇'],
    },
  ];
}

export interface SeedBoothScansOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  fairId: string;
  fairTitle: string;
  /** A token of a demo user by username. */
  tokenOf: (username: string) => Promise<string>;
}

interface TicketItem {
  fairId: string;
  token: string;
  holder: { name: string };
}

/** Scans the demo buyers' badges at the exhibitors' booths (call it while the fair is running). */
export async function seedDemoBoothScans(options: SeedBoothScansOptions): Promise<{ scans: number }> {
  const send = async (username: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${options.gateway}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await options.tokenOf(username)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as { items?: TicketItem[] };
  };
  let scans = 0;
  for (const scan of demoBoothScansFor(options.fairTitle)) {
    const tickets = (await send(scan.visitor, 'GET', `/me/tickets?fairId=${options.fairId}`)).items ?? [];
    const ticket = scan.member ? tickets.find((t) => t.holder.name === scan.member) : tickets[0];
    if (!ticket) continue;
    await send(scan.exhibitor, 'POST', `/fairs/${options.fairId}/leads`, {
      token: ticket.token,
      rating: scan.rating,
      notes: scan.notes,
      productsOfInterest: scan.productsOfInterest,
    });
    scans += 1;
  }
  return { scans };
}
