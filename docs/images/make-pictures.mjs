// Redraws the chart pictures in docs/writing-reports.md from the chart gallery fixture:
//   cargo run --release -- --root tests/fixtures/charts build --output target/gallery
//   ORACLES_PREFIX=.oracles node docs/images/make-pictures.mjs target/gallery
// Each picture is one chart as a reader on a desktop sees it (the same drawing widens and
// narrows with the page).
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const site = process.argv[2];
if (!site) {
  console.error("usage: node docs/images/make-pictures.mjs BUILT_GALLERY_DIR");
  process.exit(2);
}
const require = createRequire(path.join(process.env.ORACLES_PREFIX || ".oracles", "noop.js"));
const { chromium } = require("playwright-core");
const names = ["bar", "progress", "hbar", "bar-negative", "hbar-one-row", "line", "stacked-bar-48", "stacked-bar", "bar-percent"];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
await page.goto(pathToFileURL(path.resolve(site, "gallery/2024-02-01-overview/gallery/index.html")).href);
const charts = page.locator("figure.chart svg.chart-svg");
const count = await charts.count();
for (let i = 0; i < Math.min(count, names.length); i++) {
  await charts.nth(i).screenshot({ path: path.join(path.dirname(new URL(import.meta.url).pathname), `chart-${names[i]}.png`) });
}
await browser.close();
console.log(`${Math.min(count, names.length)} pictures written`);
