/**
 * A device for humans: the first four characters of its id, in capitals ("7F3A"). Two log-ins of
 * one user often have the same name ("Chrome op Linux"); the code is what a user reads out to the
 * beheerder on the phone, so the beheerder revokes the lost phone and not the one in use.
 * The id is a random UUID made by the device (src/app/auth/session.ts), so its first four
 * characters are hex; two devices of one user share a code about once in 65,536 pairs.
 */
export function deviceCode(deviceId: string): string {
  return deviceId
    .replace(/[^0-9a-z]/gi, '')
    .slice(0, 4)
    .toUpperCase();
}
