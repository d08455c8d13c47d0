// Screenshots of each kind of page at phone and desktop widths, to be
// looked at by a person (not compared by machine).
//
//   node shots.mjs OUTPUT_DIR SHOTS_DIR [path ...]
import path from "node:path";
import puppeteer from "puppeteer-core";
import { serve } from "./site.mjs";

const root = path.resolve(process.argv[2] ?? "public");
const into = path.resolve(process.argv[3] ?? "shots");
const pages = process.argv.slice(4).length ? process.argv.slice(4) : ["/", "/hhft/", "/hhft/your-records/", "/hhft/search/?q=fees", "/hhft/accessibility/", "/no-such-page/"];
const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const tab = await browser.newPage();
  for (const page of pages) {
    for (const width of [375, 1280]) {
      await tab.setViewport({ width, height: 900 });
      const response = await tab.goto(base + page, { waitUntil: "networkidle0" });
      void response;
      const name = (page.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home") + `-${width}.png`;
      await tab.screenshot({ path: path.join(into, name), fullPage: true });
      console.log(name);
    }
  }
} finally {
  await browser.close();
  server.close();
}
