import { defineConfig } from "vite";

// The UI lives in ui/ and is built into ui/dist, which tauri.conf.json embeds.
export default defineConfig({
  root: "ui",
  base: "./",
  clearScreen: false,
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
