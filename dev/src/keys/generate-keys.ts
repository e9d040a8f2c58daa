/**
 * Prints a private JWK set for JWT_PRIVATE_JWKS: one RS256 key with a fresh `kid`.
 * With `--add <existing-jwks-file>` the new key is put FIRST (it signs) and the
 * old keys stay (they still verify) — the zero-downtime rotation of docs/deploy.md.
 *   npm run keys --silent -- > jwks.json
 *   npm run keys --silent -- --add jwks.json | npx wrangler secret put JWT_PRIVATE_JWKS
 */
import { readFileSync } from "node:fs";
import { generatePrivateJwk, type PrivateJwk } from "./private-jwk.ts";

const addIndex = process.argv.indexOf("--add");
const existing: PrivateJwk[] =
  addIndex > 0
    ? (JSON.parse(readFileSync(process.argv[addIndex + 1] ?? "", "utf8")) as { keys: PrivateJwk[] })
        .keys
    : [];
process.stdout.write(JSON.stringify({ keys: [await generatePrivateJwk(), ...existing] }));
