/**
 * CPU per password hash inside workerd (Miniflare), against PBKDF2-SHA256 at
 * 100,000 iterations (the most production Workers allow) measured in the same run.
 * workerd freezes clocks during a request, so time is taken from outside, minus
 * the round trip of a request that does no work.
 *   npm run bench:edge-hash
 */
import { Miniflare } from "miniflare";
import { requestTimer } from "./workerd-timing.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 15);

const script = `
import { scrypt, pbkdf2 } from "node:crypto";
const run = (fn) => new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
export default {
  async fetch(request) {
    const what = new URL(request.url).pathname;
    if (what === "/scrypt") await run((cb) => scrypt("correct horse battery", "0123456789abcdef", 32, { N: 16384, r: 8, p: 5, maxmem: 256 * 16384 * 8 }, cb));
    if (what === "/pbkdf2") await run((cb) => pbkdf2("correct horse battery", "0123456789abcdef", 100000, 32, "sha256", cb));
    return new Response("ok");
  },
};`;

const mf = new Miniflare({
  modules: true,
  script,
  compatibilityDate: "2026-07-30",
  compatibilityFlags: ["nodejs_compat"],
});
const timer = requestTimer(await mf.ready, ROUNDS);

const scryptMs = await timer.workMs("/scrypt");
const pbkdf2Ms = await timer.workMs("/pbkdf2");
console.log(
  JSON.stringify({
    bench: "edge-password-hash",
    rounds: ROUNDS,
    scryptN14r8p5Ms: Number(scryptMs.toFixed(1)),
    pbkdf2Sha256x100kMs: Number(pbkdf2Ms.toFixed(1)),
    ratioScryptToPbkdf2: Number((scryptMs / pbkdf2Ms).toFixed(2)),
  }),
);
await mf.dispose();
