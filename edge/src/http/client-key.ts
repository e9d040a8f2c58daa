/** The 16-bit groups of an IPv6 address (with `::` expanded), or null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  if (!address.includes(":")) return null;
  // An embedded IPv4 tail (::ffff:192.0.2.1) only affects the last 32 bits: outside the /64.
  const [head = "", tail] = address.toLowerCase().split("::");
  if (address.split("::").length > 2) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(missing).fill("0"), ...right];
  if (groups.length < 4 || !groups.slice(0, 4).every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups;
}

/**
 * The key a client is rate limited by. One IPv6 subscriber usually holds a whole
 * /64 and can pick any address in it, so IPv6 clients are keyed by their /64;
 * IPv4 clients by their address.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return "unknown";
  const groups = ipv6Groups(address.trim());
  if (!groups) return address.trim();
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
