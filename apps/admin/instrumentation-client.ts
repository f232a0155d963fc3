import { z } from "zod";

// Runs in the browser before the app. Zod compiles its parsers with `new Function` where eval is allowed, and
// finds out by trying: under our Content-Security-Policy (no 'unsafe-eval') that try is refused and reported as
// a violation. Told not to, it never tries.
z.config({ jitless: true });
