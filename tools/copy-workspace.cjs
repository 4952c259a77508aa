#!/usr/bin/env node
// Copies the repository's files (tracked ones, and new ones git does not ignore, as they are in the
// working tree) into an empty directory, links node_modules to this checkout's, and commits the copy
// in a git repository of its own, so that `git status` there shows exactly what a step changed.
//   node tools/copy-workspace.cjs <empty directory>
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./apps.cjs');

function copyWorkspace(dest) {
  fs.mkdirSync(dest, { recursive: true });
  if (fs.readdirSync(dest).length > 0) throw new Error(`${dest} is not empty`);
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
  let copied = 0;
  for (const file of new Set(listed)) {
    if (file === 'node_modules' || file.startsWith('node_modules/')) continue;
    const from = path.join(root, file);
    const stat = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!stat || stat.isDirectory()) continue; // deleted in the working tree, or a submodule
    const to = path.join(dest, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else {
      fs.copyFileSync(from, to);
      fs.chmodSync(to, stat.mode & 0o777);
      // Times too: a package-lock.json newer than the linked node_modules would make
      // scripts/lib.sh's ensure_node_deps run `npm ci` in the copy, through the link.
      fs.utimesSync(to, stat.atime, stat.mtime);
    }
    copied += 1;
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(dest, 'node_modules'));
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=qingshui-ci', '-c', 'user.email=ci@qingshui.invalid', ...args], {
      cwd: dest,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  // The link is this machine's, not the repository's.
  fs.appendFileSync(path.join(dest, '.git', 'info', 'exclude'), 'node_modules\n');
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'copy of the workspace');
  return copied;
}

module.exports = { copyWorkspace };

if (require.main === module) {
  const dest = process.argv[2];
  if (!dest) {
    console.error('usage: node tools/copy-workspace.cjs <empty directory>');
    process.exit(2);
  }
  const copied = copyWorkspace(path.resolve(dest));
  console.log(`copied ${copied} files into ${dest}`);
}
