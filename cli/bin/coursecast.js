#!/usr/bin/env node
// Node 22.18+ strips TypeScript types natively; older Nodes need `npm run cli` (which uses the bundled Node 22).
import "../src/main.ts";
