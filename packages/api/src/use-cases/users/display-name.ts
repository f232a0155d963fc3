/** How the apps name a person: their name, or their address when they have none. */
export const displayName = (u: { name: string | null; email: string }): string => u.name ?? u.email;
