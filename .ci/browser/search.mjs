// Searches the built example site as patients do, in a real browser: each
// query of tests/search/queries.yaml is opened as /<trust>/search/?q=QUERY
// and one of the pages it expects must be among the first three results.
// Also checks that a search with no result says so and offers the closest
// words, and that the header's search box submits with Enter.
//
//   node search.mjs OUTPUT_DIR QUERIES_YAML
//
// Exits 1 if fewer than 95% of the queries find their page, or a check fails.
import { readFile } from "node:fs/promises";
import path from "node:path";
import puppeteer from "puppeteer-core";
import YAML from "yaml";
import { serve } from "./site.mjs";

const root = path.resolve(process.argv[2] ?? "public");
const queries = YAML.parse(await readFile(process.argv[3] ?? "tests/search/queries.yaml", "utf8"));
const target = 0.95;

const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
const misses = [];
let found = 0;

// The addresses of a search's results, best first, once the script has
// shown them (the status line is filled in after every search).
async function results(tab, url) {
  await tab.goto(url, { waitUntil: "load" });
  await tab.waitForFunction(() => document.getElementById("search-status")?.textContent !== "", { timeout: 5000 });
  return tab.evaluate(() => ({
    links: [...document.querySelectorAll("#search-results > li a")].map((a) => new URL(a.href).pathname),
    status: document.getElementById("search-status").textContent,
    suggestions: [...document.querySelectorAll("#search-suggestions a")].map((a) => a.textContent),
  }));
}

try {
  const tab = await browser.newPage();
  for (const { trust, query, expect, lang } of queries) {
    const prefix = `/${trust}/${lang === "cy" ? "cy/" : ""}`;
    const { links } = await results(tab, `${base}${prefix}search/?q=${encodeURIComponent(query)}`);
    const top = links.slice(0, 3);
    if (top.some((link) => expect.some((slug) => link === `${prefix}${slug}/`))) {
      found += 1;
    } else {
      misses.push(`${trust}${lang ? ` (${lang})` : ""}: "${query}" expected ${expect.join(" or ")}, got ${top.map((l) => l.slice(prefix.length)).join(", ") || "nothing"}`);
    }
  }

  // Nothing found: say so, suggest the closest words, list every page.
  const none = await results(tab, `${base}/hhft/search/?q=${encodeURIComponent("xylophone")}`);
  if (none.links.length) failures.push(`a search for a word no page has listed results: ${none.links.join(", ")}`);
  if (!none.status.includes("No pages found")) failures.push(`a search with no result said "${none.status}"`);
  if (!none.suggestions.length) failures.push("a search with no result suggested no words");
  const everyPage = await tab.evaluate(() => document.querySelectorAll("#search-all:not([hidden]) li a").length);
  if (everyPage < 5) failures.push(`a search with no result lists ${everyPage} pages, not every page`);

  // The header's box: type and press Enter on any page of a trust.
  await tab.goto(`${base}/hhft/costs/`, { waitUntil: "load" });
  await tab.type("#header-search", "deceased");
  await Promise.all([tab.waitForNavigation({ waitUntil: "load" }), tab.keyboard.press("Enter")]);
  const landed = new URL(tab.url());
  if (landed.pathname !== "/hhft/search/" || landed.searchParams.get("q") !== "deceased") {
    failures.push(`Enter in the header's search box went to ${tab.url()}`);
  }
} finally {
  await browser.close();
  server.close();
}

const share = found / queries.length;
for (const miss of misses) console.log(`miss: ${miss}`);
for (const failure of failures) console.log(`fail: ${failure}`);
console.log(`search: ${found} of ${queries.length} queries found their page in the top three (${(share * 100).toFixed(1)}%, target ${target * 100}%)`);
process.exit(share >= target && !failures.length ? 0 : 1);
