// Bundles the extension and vscode-languageclient into dist/extension.js (`vscode` stays external).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');

await esbuild.build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18', // VS Code 1.82's extension host
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
