// Lighthouse on each kind of page of the built example site, at phone and
// desktop sizes: every category (performance, accessibility, best
// practices, SEO) must score 100.
//
//   node lighthouse.mjs OUTPUT_DIR
//
// Exits 1 if a score is below 100. Uses the Chromium at $CHROMIUM
// (default /usr/bin/chromium); serves the folder itself on 127.0.0.1.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { serve } from "./site.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("lighthouse/cli/index.js");
const root = path.resolve(process.argv[2] ?? "public");
// The site home, a trust's home, a guidance page, a search with results,
// and the 404 page (opened by name: the test server does not send it for
// a missing address, as a host does).
const pages = ["/", "/hhft/", "/hhft/your-records/", "/hhft/search/?q=fees", "/404.html"];
const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}`;

function lighthouse(url, desktop) {
  const args = [cli, url, "--quiet", "--output=json", "--output-path=stdout",
    "--chrome-flags=--headless --no-sandbox --disable-gpu", "--only-categories=performance,accessibility,best-practices,seo"];
  if (desktop) args.push("--preset=desktop");
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" } });
    let out = "";
    run.stdout.on("data", (chunk) => { out += chunk; });
    run.on("error", reject);
    run.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`lighthouse exited ${code} on ${url}`))));
  });
}

const failures = [];
try {
  for (const page of pages) {
    for (const desktop of [false, true]) {
      const report = await lighthouse(base + page, desktop);
      if (Object.keys(report.categories).length !== 4) failures.push(`${page}: Lighthouse reported ${Object.keys(report.categories).join(", ")}`);
      for (const [name, category] of Object.entries(report.categories)) {
        if (category.score !== 1) {
          const below = category.auditRefs
            .map((ref) => report.audits[ref.id])
            .filter((audit) => ref_weighted(category, audit) && audit.score !== null && audit.score < 1)
            .map((audit) => audit.id);
          failures.push(`${page} (${desktop ? "desktop" : "mobile"}): ${name} ${Math.round(category.score * 100)} (${below.join(", ")})`);
        }
      }
    }
  }
} finally {
  server.close();
}

// Only the audits that count towards a category's score.
function ref_weighted(category, audit) {
  return category.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0);
}

for (const failure of failures) console.log(`fail: ${failure}`);
console.log(`lighthouse: ${pages.length} pages at phone and desktop sizes, ${failures.length} below 100`);
process.exit(failures.length ? 1 : 0);
