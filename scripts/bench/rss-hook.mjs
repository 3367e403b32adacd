// Fallback peak-RSS probe when GNU time is absent: a Node child writes its own maxRSS (KB) on exit.
import { writeFileSync } from 'node:fs';
process.on('exit', () => { if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });
