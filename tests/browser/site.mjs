// Real-browser checks of a built site, in headless Chromium through playwright-core:
//   node tests/browser/site.mjs SITE_DIR REPORT_PATH QUERY
// 1. Search: types QUERY into search/index.html, submits, follows the first result and checks
//    that it lands on a report page.
// 2. Keyboard: from the top of REPORT_PATH, Tab reaches the skip link first with a visible
//    focus style, Enter moves to the main content, and further Tabs reach the navigation and the
//    contents list, each with a visible focus style.
// Prints "N passed, M failed"; exit 1 on any failure, 2 when the browser cannot be started.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [siteDir, reportPath, query] = process.argv.slice(2);
if (!siteDir || !reportPath || !query) {
  console.error("usage: node tests/browser/site.mjs SITE_DIR REPORT_PATH QUERY");
  process.exit(2);
}
const prefix = process.env.ORACLES_PREFIX || path.resolve(".oracles");
const require = createRequire(path.join(prefix, "noop.js"));
const { chromium } = require("playwright-core");

const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".csv": "text/csv", ".xml": "application/xml" };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  let file = path.join(siteDir, decodeURIComponent(url.pathname));
  if (!file.startsWith(path.resolve(siteDir))) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404); res.end("not found"); return; }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
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
const page = await browser.newPage();
await page.route("**/*", (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log(`ok    ${name}`); } else { failed++; console.log(`FAIL  ${name} ${detail}`); }
}

// A focused element shows it: an outline, a box shadow or a changed background.
async function focusVisible() {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, what: "nothing focused" };
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none" || style.backgroundColor === "rgb(255, 221, 0)";
    return { ok: visible, what: `${el.tagName.toLowerCase()} "${(el.textContent || "").trim().slice(0, 40)}"` };
  });
}

try {
  // Search.
  await page.goto(base + "search/index.html");
  await page.fill("#search-query", query);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".search-result a", { timeout: 5000 });
  const count = await page.locator(".search-result").count();
  check(`search for "${query}" lists results`, count > 0, `(${count})`);
  const title = (await page.locator(".search-result a").first().textContent()).trim();
  await page.locator(".search-result a").first().click();
  await page.waitForLoadState("load");
  const h1 = (await page.locator("h1").first().textContent()).trim();
  check("following the first result opens that report", h1 === title, `(${h1} vs ${title})`);
  const injected = await page.evaluate(() => document.querySelectorAll("script:not([src])").length);
  check("the report page carries no inline script", injected === 0);

  // Keyboard.
  await page.goto(base + reportPath);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement.className);
  const skipVisible = await focusVisible();
  check("Tab reaches the skip link first, visibly", first.includes("skip-link") && skipVisible.ok, skipVisible.what);
  await page.keyboard.press("Enter");
  const hash = await page.evaluate(() => window.location.hash);
  check("the skip link moves to the main content", hash === "#main");
  await page.goto(base + reportPath);
  const seen = [];
  let allVisible = true;
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press("Tab");
    const state = await focusVisible();
    seen.push(state.what);
    if (!state.ok) { allVisible = false; console.log(`      not visibly focused: ${state.what}`); }
  }
  check("every link tabbed to shows its focus", allVisible);
  const inContents = await page.evaluate(() => !!document.activeElement.closest(".contents, .main"));
  check("Tab goes on through navigation into the page's contents", inContents, seen.join(" | "));
} catch (error) {
  check("browser session", false, error.message);
}
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
