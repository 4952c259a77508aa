#!/usr/bin/env node
// Runs a TypeScript entry point without a build: compiles each .ts file with swc on require
// (decorator metadata included) and resolves the workspace's packages as tsconfig.base.json does:
// `@qingshui/app-gateway` to gateway/src, `@qingshui/app-<name>` to services/<name>/src, and
// `@qingshui/<lib>` to libs/<lib>/src.
// Usage: node scripts/run-ts.cjs path/to/file.ts [args...]
const path = require('node:path');
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const swcOptions = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcOptions.$schema;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const match = /^@qingshui\/(?:app-([a-z]+)|([a-z-]+))$/.exec(request);
  if (match) {
    const [, app, lib] = match;
    const dir = app === 'gateway' ? 'gateway' : app ? path.join('services', app) : path.join('libs', lib);
    request = path.join(root, dir, 'src', 'index.ts');
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcOptions,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.cjs <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require('reflect-metadata');
require(path.resolve(entry));
