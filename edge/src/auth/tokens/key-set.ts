import { importJWK, type CryptoKey, type JWK } from "jose";
import { AppError } from "../../errors.ts";

export const ALGORITHM = "RS256";
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

export interface KeySet {
  /** The first key of JWT_PRIVATE_JWKS signs; every key verifies (zero-downtime rotation). */
  signing: SigningKey;
  verifying: Map<string, CryptoKey>;
  /** The public parts only, for /.well-known/jwks.json. */
  publicJwks: { keys: JWK[] };
}

const cache = new Map<string, Promise<KeySet>>();

async function build(jwksJson: string): Promise<KeySet> {
  let parsed: { keys?: JWK[] };
  try {
    parsed = JSON.parse(jwksJson) as { keys?: JWK[] };
  } catch (cause) {
    throw new AppError("misconfigured", "JWT_PRIVATE_JWKS is not JSON", { cause });
  }
  const keys = parsed.keys ?? [];
  if (
    keys.length === 0 ||
    keys.some((k) => k.kty !== "RSA" || !k.kid || !k.d || (k.alg && k.alg !== ALGORITHM))
  ) {
    throw new AppError(
      "misconfigured",
      "JWT_PRIVATE_JWKS must hold RSA private keys with a kid (RS256)",
    );
  }
  const verifying = new Map<string, CryptoKey>();
  const publicKeys: JWK[] = [];
  let signing: SigningKey | undefined;
  for (const jwk of keys) {
    const publicJwk: JWK = { ...jwk, alg: ALGORITHM, use: "sig" };
    for (const member of PRIVATE_MEMBERS) delete publicJwk[member];
    verifying.set(jwk.kid!, (await importJWK(publicJwk, ALGORITHM)) as CryptoKey);
    publicKeys.push(publicJwk);
    signing ??= {
      kid: jwk.kid!,
      key: (await importJWK({ ...jwk, alg: ALGORITHM }, ALGORITHM)) as CryptoKey,
    };
  }
  return { signing: signing!, verifying, publicJwks: { keys: publicKeys } };
}

/** Parsed once per isolate and per secret value. */
export function loadKeySet(jwksJson: string): Promise<KeySet> {
  let keySet = cache.get(jwksJson);
  if (!keySet) {
    keySet = build(jwksJson);
    keySet.catch(() => cache.delete(jwksJson));
    cache.set(jwksJson, keySet);
  }
  return keySet;
}
