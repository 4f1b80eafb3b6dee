// Entra's cloud password rules, close enough for the lab: 8-256 characters, three of four
// character classes, not containing the user's alias; DisableStrongPassword relaxes the classes.
export function meetsComplexity(password: string, upn: string, passwordPolicies: unknown): boolean {
  if (password.length < 8 || password.length > 256) return false;
  const alias = (upn.split('@')[0] ?? '').toLowerCase();
  if (alias.length >= 3 && password.toLowerCase().includes(alias)) return false;
  if (typeof passwordPolicies === 'string' && passwordPolicies.includes('DisableStrongPassword')) return true;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}
