// The password policy for accounts the beheerder makes or resets (README, Beveiliging): at least
// 12 characters and not containing the username. Length beats composition rules (NIST SP 800-63B):
// no forced symbols, no expiry.
export const MIN_PASSWORD_LENGTH = 12;

/** A Dutch reason when the password does not meet the policy, or null. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Een wachtwoord heeft minstens ${MIN_PASSWORD_LENGTH} tekens`;
  const user = username.trim().toLowerCase();
  if (user && password.toLowerCase().includes(user)) return 'Een wachtwoord mag de gebruikersnaam niet bevatten';
  return null;
}
