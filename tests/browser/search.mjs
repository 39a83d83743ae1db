// Search in headless Chromium through playwright-core, on a built site.
//
//   node tests/browser/search.mjs check SITE_DIR QUERY COUNCIL EXPECTED_PATH...
//     Types QUERY into search/index.html and checks that the results are exactly the
//     reports EXPECTED_PATH..., each linking to a paragraph that holds the words, with the
//     words highlighted and the count announced; that choosing COUNCIL narrows the results to
//     its reports; and that the page opened from the disk says it needs `scrutiny serve`.
//   node tests/browser/search.mjs measure SITE_DIR WORD COUNCIL [MAX_BYTES MAX_REQUESTS]
//     Prints the bytes and requests search fetches for a first query of WORD and for the
//     same query narrowed to COUNCIL; with limits, checks the first query against them.
//
// Prints "N passed, M failed"; exit 1 on any failure, 2 when the browser cannot be started.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const [mode, siteDir, query, council, ...rest] = process.argv.slice(2);
if (!["check", "measure"].includes(mode) || !siteDir || !query || !council) {
  console.error("usage: node tests/browser/search.mjs check SITE_DIR QUERY COUNCIL EXPECTED_PATH...\n       node tests/browser/search.mjs measure SITE_DIR WORD COUNCIL [MAX_BYTES MAX_REQUESTS]");
  process.exit(2);
}
const prefix = process.env.ORACLES_PREFIX || path.resolve(".oracles");
const require = createRequire(path.join(prefix, "noop.js"));
const { chromium } = require("playwright-core");

const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".ttf": "font/ttf", ".svg": "image/svg+xml" };
const root = path.resolve(siteDir);
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://localhost").pathname));
  if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
  // As a plain static server: no compression, so bytes on the wire are bytes on disk.
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "content-length": fs.statSync(file).size });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
} catch (error) {
  console.error(`cannot start Chromium: ${error.message}`);
  server.close();
  process.exit(2);
}
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log(`ok    ${name}`); } else { failed++; console.log(`FAIL  ${name} ${detail}`); }
}

async function newPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/*", (route) => (route.request().url().startsWith(base) || route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  return page;
}

// Types the query and waits for the announcement of what was found.
async function searchFor(page, words) {
  await page.fill("#search-query", words);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent), null, { timeout: 10000 });
  await page.waitForTimeout(100);
}

async function results(page) {
  return page.$$eval(".search-result", (items) => items.map((item) => {
    const link = item.querySelector("h2 a");
    return {
      href: link.getAttribute("href"),
      marks: Array.from(item.querySelectorAll("mark")).map((m) => m.textContent),
    };
  }));
}

// What search fetches (its script and index files), from a fresh page.
async function measured(page, action) {
  const seen = [];
  page.on("requestfinished", async (request) => {
    const url = request.url();
    if (!url.includes("/search/") && !url.endsWith("/search.js")) return;
    if (new URL(url).pathname.endsWith("/search/index.html")) return;
    const sizes = await request.sizes();
    seen.push({ url: url.slice(base.length), bytes: sizes.responseBodySize });
  });
  await action();
  await page.waitForTimeout(300);
  return seen;
}

try {
  if (mode === "check") {
    const expected = rest;
    const page = await newPage();
    await page.goto(base + "search/index.html");
    await searchFor(page, query);
    const found = await results(page);
    const paths = found.map((r) => r.href.replace(/^\.\.\//, "").split("#")[0]).sort();
    check(`"${query}" finds exactly the reports that hold a form of it`, JSON.stringify(paths) === JSON.stringify([...expected].sort()), `(${paths.join(", ")} vs ${expected.join(", ")})`);
    const status = await page.textContent("#search-status");
    const role = await page.getAttribute("#search-status", "role");
    check("the count is announced in a live status region", role === "status" && status.startsWith(`${expected.length} report`), `(${role}: ${status})`);
    check("every result links to a paragraph or section", found.length > 0 && found.every((r) => /#./.test(r.href)), JSON.stringify(found.map((r) => r.href)));
    check("every result highlights the words", found.length > 0 && found.every((r) => r.marks.length > 0 && r.marks.every((m) => /inspect/i.test(m) || !/inspect/i.test(query))), JSON.stringify(found.map((r) => r.marks)));

    // Following a result lands on the paragraph, which holds the words.
    const target = found[0].href;
    await page.locator(".search-result h2 a").first().click();
    await page.waitForLoadState("load");
    const landed = await page.evaluate(() => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      const element = document.getElementById(id);
      if (!element) return null;
      const block = element.closest(".para") || element.parentElement;
      return block.textContent;
    });
    check("following a result lands on a paragraph holding the words", landed !== null && /inspect/i.test(landed), `(${target}: ${landed && landed.slice(0, 80)})`);

    // A council narrows the results to its own.
    await page.goto(base + "search/index.html?q=" + encodeURIComponent(query));
    await page.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent), null, { timeout: 10000 });
    await page.selectOption("#search-council", { label: council });
    await page.waitForFunction((name) => document.getElementById("search-status").textContent.includes(name), council, { timeout: 10000 });
    await page.waitForTimeout(100);
    const narrowed = await results(page);
    const slug = council.toLowerCase();
    check(`choosing ${council} narrows the results to its reports`, narrowed.length > 0 && narrowed.length < found.length && narrowed.every((r) => r.href.includes(`/${slug}/`) || r.href.startsWith(`../${slug}/`)), JSON.stringify(narrowed.map((r) => r.href)));
    const address = new URL(page.url());
    check("the address keeps the query and the filter", address.searchParams.get("q") === query && address.searchParams.has("council"));

    // Keyboard: from the query box, Tab reaches the filters, each visibly focused.
    await page.focus("#search-query");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 };
    });
    check("Tab goes from the search button to the first filter, visibly", focus.id === "search-council" && focus.visible, JSON.stringify(focus));

    // Opened from a disk: it says what it needs.
    const disk = await newPage();
    await disk.goto(pathToFileURL(path.join(root, "search/index.html")).href);
    const notice = await disk.evaluate(() => {
      const n = document.getElementById("search-file-notice");
      return n && !n.hidden ? n.textContent : "";
    });
    const formHidden = await disk.evaluate(() => document.getElementById("search-form").hidden);
    check("opened from a disk, the page says search needs `scrutiny serve`", notice.includes("scrutiny serve") && formHidden, notice);
  } else {
    const [maxBytes, maxRequests] = rest.map(Number);
    const first = await newPage();
    const firstSeen = await measured(first, async () => {
      await first.goto(base + "search/index.html?q=" + encodeURIComponent(query));
      await first.waitForSelector(".search-result", { timeout: 30000 });
    });
    const firstCount = await first.$$eval(".search-result", (items) => items.length);
    const filtered = await newPage();
    const index = JSON.parse(fs.readFileSync(path.join(root, "search/index.json"), "utf8"));
    const number = index.councils.findIndex((c) => c[0] === council);
    const filteredSeen = await measured(filtered, async () => {
      await filtered.goto(base + `search/index.html?q=${encodeURIComponent(query)}&council=${number}`);
      await filtered.waitForSelector(".search-result", { timeout: 30000 });
    });
    const total = (seen) => seen.reduce((sum, r) => sum + r.bytes, 0);
    for (const [name, seen] of [["first query", firstSeen], [`filtered query (${council})`, filteredSeen]]) {
      console.log(`${name} "${query}": ${seen.length} requests, ${total(seen)} bytes`);
      for (const r of seen) console.log(`      ${String(r.bytes).padStart(8)}  ${r.url}`);
    }
    check(`a first query shows results (${firstCount})`, firstCount > 0);
    if (maxBytes) {
      check(`a first query fetches at most ${maxBytes} bytes`, total(firstSeen) <= maxBytes, `(${total(firstSeen)})`);
      check(`a first query makes at most ${maxRequests} requests`, firstSeen.length <= maxRequests, `(${firstSeen.length})`);
    }
  }
} catch (error) {
  check("browser session", false, error.stack);
}
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
