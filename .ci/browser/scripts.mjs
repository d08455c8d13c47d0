// Opens every page of a built site in a real browser, served with no
// Content-Security-Policy (as a host that ignores _headers would), and
// fails if any page runs a script of its own, reaches another host, or
// holds an element that could: a dialog, a request off 127.0.0.1, a
// navigation away, an `on...` attribute, or a `javascript:` or `data:`
// address. .ci/run builds the page of attacks in tests/fixtures/attacks
// with html-unsafe turned into a warning, so that what is checked here is
// exactly what the sanitiser lets through.
//
//   node scripts.mjs OUTPUT_DIR [BASE_PATH]
//
// Exits 1 if anything fails.
import path from "node:path";
import puppeteer from "puppeteer-core";
import { files, serve } from "./site.mjs";

const root = path.resolve(process.argv[2] ?? "public");
const basePath = process.argv[3] ?? "/";

const pages = (await files(root)).filter((f) => f.endsWith(".html"));
const failures = [];
const server = await serve(root, basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const file of pages) {
    const url = `${origin}${basePath}${path.relative(root, file).replace(/index\.html$/, "")}`;
    const tab = await browser.newPage();
    await tab.setRequestInterception(true);
    tab.on("request", (request) => {
      // Images from other sites are allowed content (the site's security
      // policy keeps them to the site itself where _headers is read);
      // nothing else may come from, or go to, another host.
      if (!request.url().startsWith(origin) && request.resourceType() !== "image") {
        failures.push(`${url}: asked for ${request.url()} (${request.resourceType()})`);
        request.abort();
      } else if (!request.url().startsWith(origin)) {
        request.abort();
      } else {
        request.continue();
      }
    });
    tab.on("dialog", (dialog) => {
      failures.push(`${url}: a script opened a dialog: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    tab.on("framenavigated", (frame) => {
      if (frame === tab.mainFrame() && !frame.url().startsWith(origin)) failures.push(`${url}: navigated to ${frame.url()}`);
    });
    try {
      await tab.goto(url, { waitUntil: "load", timeout: 10000 });
    } catch (error) {
      failures.push(`${url}: did not load: ${error.message}`);
      await tab.close();
      continue;
    }
    // Give anything timed or focus-driven a moment, and hover and focus
    // every element, as a patient's pointer and keyboard would.
    const risky = await tab.evaluate(async () => {
      for (const element of document.querySelectorAll("body *")) {
        element.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
        if (element.focus) element.focus();
      }
      await new Promise((done) => setTimeout(done, 200));
      const found = [];
      // What a page's markdown wrote; the theme's own pages (search) are
      // trusted, and hold a form and a script of the site's own.
      const written = document.querySelector(".page-body");
      for (const element of written ? written.querySelectorAll("*") : []) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
          if (name.startsWith("on")) found.push(`<${element.localName} ${name}>`);
          if (["href", "src", "action", "formaction", "xlink:href"].includes(name) && /^(javascript|data|vbscript):/.test(value)) found.push(`<${element.localName} ${name}="${attribute.value}">`);
        }
        if (["script", "iframe", "object", "embed", "form", "base", "meta", "style", "link"].includes(element.localName)) found.push(`<${element.localName}>`);
      }
      return found;
    }).catch((error) => [`nothing readable (${error.message})`]);
    for (const thing of risky) failures.push(`${url}: the page body holds ${thing}`);
    await tab.close().catch(() => {});
  }
} finally {
  await browser.close();
  server.close();
}

for (const failure of failures) console.log(failure);
console.log(`script checks: ${pages.length} pages, ${failures.length} problems`);
process.exit(failures.length ? 1 : 0);
