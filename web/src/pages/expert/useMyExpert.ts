import { useQuery } from '@tanstack/react-query';
import type { ChallengesForExpert, ExpertPage, ExpertProfile } from '@qingshui/contracts';
import { api } from '../../api/client';
import { usePrincipal } from '../../auth/AuthProvider';

/** The signed-in expert's own profile (GET /experts?userIds=<me>), or null when they have none yet. */
export function useMyExpert() {
  const principal = usePrincipal();
  return useQuery({
    queryKey: ['experts', 'mine', principal.userId],
    queryFn: async (): Promise<ExpertProfile | null> =>
      (await api.get<ExpertPage>('/experts', { userIds: principal.userId, pageSize: 1 })).items[0] ?? null,
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
