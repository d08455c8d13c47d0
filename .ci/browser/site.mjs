// What both browser checks need: the HTML files of a built site, and a
// plain static server for it on 127.0.0.1 (no security headers, as a host
// that ignores _headers would serve it).
import { createServer } from "node:http";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain" };

// Every file under a folder.
export async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(full)));
    else out.push(full);
  }
  return out;
}

// Serves `root` at `basePath` on a free port of 127.0.0.1.
export function serve(root, basePath = "/") {
  const server = createServer(async (request, response) => {
    let local = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (!local.startsWith(basePath)) { response.writeHead(404).end(); return; }
    local = "/" + local.slice(basePath.length);
    if (local.endsWith("/")) local += "index.html";
    const file = path.join(root, path.normalize(local));
    if (!file.startsWith(root)) { response.writeHead(400).end(); return; }
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
