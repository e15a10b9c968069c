import { base64url, constantTimeEqual, randomToken } from "./crypto";

// Workers' WebCrypto refuses PBKDF2 above 100,000 iterations; the count is stored per user so it can rise later.
export const PASSWORD_ITERATIONS = 100_000;
export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordHash {
  hash: string;
  salt: string;
  iterations: number;
}

export async function hashPassword(password: string, salt = randomToken(16), iterations = PASSWORD_ITERATIONS): Promise<PasswordHash> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: new TextEncoder().encode(salt), iterations },
    key,
    256,
  );
  return { hash: base64url(new Uint8Array(bits)), salt, iterations };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await hashPassword(password, stored.salt, stored.iterations);
  return constantTimeEqual(candidate.hash, stored.hash);
}
