// Preloaded into a measured child process with `node --import` (through NODE_OPTIONS): at exit it
// writes the process's own CPU time (getrusage: user + system, every thread, from process start)
// and peak RSS to the file named by BENCH_CPU_FILE. Plain JavaScript so that loading it costs
// nothing measurable and needs no loader.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userUs: cpu.user, systemUs: cpu.system, maxRssKb: usage.maxRSS }));
  });
}
