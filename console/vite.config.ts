import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// The docs pages (/docs, /redoc on every service) load these from docs-assets/, never from a CDN.
const DOCS_ASSETS: Record<string, string> = {
  "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
  "favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
  "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
};

// ReDoc's footer loads its logo from cdn.redoc.ly; the copy shows Swagger UI's icon from here instead.
const REWRITES: Record<string, [string, string][]> = {
  "redoc.standalone.js": [["https://cdn.redoc.ly/redoc/logo-mini.svg", "/docs-assets/favicon-32x32.png"]],
};

function docsAssets(): Plugin {
  return {
    name: "parkmatch-docs-assets",
    apply: "build",
    writeBundle(options) {
      const target = join(options.dir ?? "dist", "docs-assets");
      mkdirSync(target, { recursive: true });
      for (const [name, module] of Object.entries(DOCS_ASSETS)) {
        const source = join(dirname(require.resolve(`${module.split("/")[0]}/package.json`)), module.split("/").slice(1).join("/"));
        let content = readFileSync(source);
        for (const [from, to] of REWRITES[name] ?? []) {
          const text = content.toString("utf8");
          if (!text.includes(from)) throw new Error(`${name} no longer has ${from}: check the rewrite`);
          content = Buffer.from(text.replaceAll(from, to), "utf8");
        }
        writeFileSync(join(target, name), content);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), docsAssets()],
  build: { chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/api": process.env.PARKMATCH_API ?? "http://127.0.0.1:8000" } },
  test: { environment: "jsdom", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
