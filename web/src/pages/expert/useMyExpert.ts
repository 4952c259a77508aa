import { useQuery } from '@tanstack/react-query';
import type { ChallengesForExpert, ExpertPage, ExpertProfile } from '@qingshui/contracts';
import { api } from '../../api/client';
import { usePrincipal } from '../../auth/AuthProvider';

const PAGE_SIZE = 100;

/** Pages through GET /experts (with the query given) until the caller's own profile turns up. */
async function findIn(userId: string, query: Record<string, string | number>): Promise<ExpertProfile | null> {
  for (let page = 1; page <= 100; page += 1) {
    const reply = await api.get<ExpertPage>('/experts', { ...query, page, pageSize: PAGE_SIZE });
    const mine = reply.items.find((expert) => expert.userId === userId);
    if (mine) return mine;
    if (page * reply.pageSize >= reply.total || reply.items.length === 0) return null;
  }
  return null;
}

/**
 * The signed-in expert's own profile, or null when they have none yet. GET /experts has no filter
 * by user, so this looks in the expert's own region first, then through the whole pool.
 */
export function useMyExpert() {
  const principal = usePrincipal();
  return useQuery({
    queryKey: ['experts', 'mine', principal.userId],
    queryFn: async () => {
      if (principal.region) {
        const inRegion = await findIn(principal.userId, { region: principal.region });
        if (inRegion) return inRegion;
      }
      return findIn(principal.userId, {});
    },
    enabled: principal.roles.includes('expert'),
    staleTime: 60_000,
  });
}

/** The open challenges ranked for an expert, each explained (query group 'matches'). */
export function useMatches(expertId: string | undefined, limit = 50) {
  return useQuery({
    queryKey: ['matches', expertId, limit],
    queryFn: () => api.get<ChallengesForExpert>(`/experts/${expertId}/matches`, { limit }),
    enabled: Boolean(expertId),
  });
}
