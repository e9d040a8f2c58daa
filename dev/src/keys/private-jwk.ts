import { exportJWK, generateKeyPair, type JWK } from "jose";

export type PrivateJwk = JWK & { kid: string; alg: "RS256"; use: "sig" };

export async function generatePrivateJwk(): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: crypto.randomUUID(), alg: "RS256", use: "sig" };
}
