// Checks the built site in a real browser: axe-core (WCAG 2.2 AA rules) on
// every page at phone and desktop widths, the Nu HTML Checker on every
// page, and the weight of the CSS and JavaScript each page loads.
//
//   node check.mjs OUTPUT_DIR
//
// Exits 1 if anything fails. Serves the folder itself on 127.0.0.1.
import { readFile, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import puppeteer from "puppeteer-core";
import { files, serve } from "./site.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(process.argv[2] ?? "public");
const widths = [375, 1280];
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const maxWeight = 30 * 1024;

const pages = (await files(root)).filter((f) => f.endsWith(".html"));
const failures = [];
let passed = 0;

// The Nu HTML Checker, on every page at once.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...pages], { stdio: ["ignore", "pipe", "pipe"] });
  passed += 1;
} catch (error) {
  const report = JSON.parse(error.stderr.toString() || "{\"messages\":[]}");
  for (const message of report.messages) {
    failures.push(`html: ${path.relative(root, new URL(message.url).pathname)}:${message.lastLine}: ${message.message}`);
  }
  if (!report.messages.length) failures.push(`html: the checker failed to run: ${error.message}`);
}

const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
try {
  const tab = await browser.newPage();
  for (const file of pages) {
    const url = `${base}/${path.relative(root, file).replace(/index\.html$/, "")}`;
    for (const width of widths) {
      await tab.setViewport({ width, height: 900 });
      await tab.goto(url, { waitUntil: "load" });
      await tab.evaluate(axeSource);
      const result = await tab.evaluate((runOnly) => window.axe.run(document, { runOnly: { type: "tag", values: runOnly } }), tags);
      if (result.violations.length) {
        for (const v of result.violations) {
          failures.push(`axe ${width}px: ${url}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
        }
      } else {
        passed += 1;
      }
    }
    const weights = await tab.evaluate(() => [...document.querySelectorAll("link[rel=stylesheet], script[src]")].map((e) => e.href || e.src));
    let weight = 0;
    for (const asset of weights) weight += (await stat(path.join(root, new URL(asset).pathname))).size;
    if (weight > maxWeight) failures.push(`weight: ${url} loads ${weight} bytes of CSS and JavaScript (limit ${maxWeight})`);
  }
} finally {
  await browser.close();
  server.close();
}

for (const failure of failures) console.log(failure);
console.log(`browser checks: ${pages.length} pages at ${widths.join(" and ")} px`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
