import { z } from 'zod';

export const ROLES = ['enterprise', 'expert', 'cadre', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who is acting: built by the gateway from a verified Keycloak token, carried in every command. */
export const principalSchema = z.object({
  userId: z.string().min(1),
  username: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(roleSchema),
  orgId: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
});
export type Principal = z.infer<typeof principalSchema>;

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
