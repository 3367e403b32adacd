// Fallback probe when GNU time is absent: a Node child writes its own maxRSS (KB) and CPU time (s), as GNU time's
// "%M %U %S" would, on exit.
import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`);
});
