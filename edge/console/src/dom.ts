type Child = Node | string | null | undefined | false;

/** Tiny element builder: attributes, event handlers (`on*`) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    } else if (name === "className") {
      el.className = String(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function mount(root: HTMLElement, ...children: Child[]): void {
  root.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));
}

/** Announces a message to screen readers and shows it in the status banner. */
export function notify(message: string, kind: "info" | "error" = "info"): void {
  const banner = document.getElementById("status");
  if (!banner) return;
  banner.textContent = message;
  banner.className = `status ${kind}`;
  banner.hidden = !message;
}
