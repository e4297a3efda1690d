#!/usr/bin/env node
// The installed `pushreg` command runs the compiled CLI (`pnpm build` first in a checkout).
import '../dist/main.js';
