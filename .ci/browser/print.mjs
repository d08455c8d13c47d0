// Prints pages of the built example site with Chromium's print emulation
// and checks what a patient holding the paper needs: the trust's name and
// the page's address, collapsed sections open, no link targets after this
// site's own links, phone numbers or emails, and a PDF that renders.
//
//   node print.mjs OUTPUT_DIR
//
// Exits 1 if a check fails.
import path from "node:path";
import puppeteer from "puppeteer-core";
import { serve } from "./site.mjs";

const root = path.resolve(process.argv[2] ?? "public");
const pages = ["/hhft/your-records/", "/hhft/if-you-are-unhappy/", "/hywel-dda/cy/your-records/"];
const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const failures = [];
try {
  const tab = await browser.newPage();
  await tab.emulateMediaType("print");
  for (const page of pages) {
    await tab.goto(base + page, { waitUntil: "load" });
    const seen = await tab.evaluate(() => {
      const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
      const after = (a) => getComputedStyle(a, "::after").content;
      const links = [...document.querySelectorAll("main a, footer a")];
      return {
        name: shown(document.querySelector(".header-name")) ? document.querySelector(".header-name").textContent.trim() : "",
        address: shown(document.querySelector(".print-only")) ? document.querySelector(".print-only").textContent.trim() : "",
        closed: [...document.querySelectorAll("details")].filter((d) => [...d.children].some((c) => c.tagName !== "SUMMARY" && !shown(c))).length,
        details: document.querySelectorAll("details").length,
        targets: links.filter((a) => !/^https?:/.test(a.getAttribute("href")) && after(a) !== "none" && after(a) !== "normal").map((a) => a.getAttribute("href")),
        search: shown(document.querySelector(".header-search")),
      };
    });
    if (!seen.name) failures.push(`${page}: the trust's name does not print`);
    if (!seen.address.endsWith(page)) failures.push(`${page}: the page's address does not print (${seen.address})`);
    if (seen.closed) failures.push(`${page}: ${seen.closed} of ${seen.details} collapsed sections print closed`);
    if (seen.targets.length) failures.push(`${page}: link targets print after ${seen.targets.join(", ")}`);
    if (seen.search) failures.push(`${page}: the search box prints`);
    const pdf = await tab.pdf({ format: "A4" });
    if (pdf.length < 1000) failures.push(`${page}: the PDF is empty`);
  }
} finally {
  await browser.close();
  server.close();
}
for (const failure of failures) console.log(`fail: ${failure}`);
console.log(`print: ${pages.length} pages, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
