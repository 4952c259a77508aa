#!/usr/bin/env bash
# One Nx project's `test` (unit) or `integration` target (see nx.json): the Jest project of that
# name, limited to the suites under <project root>. Integration suites run one at a time
# (--runInBand), and Nx runs no other task beside them (`parallelism: false`).
# Usage: scripts/jest-project.sh unit|integration <project root> [jest options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
kind="${1:?usage: scripts/jest-project.sh unit|integration <project root> [jest options...]}"
project="${2:?usage: scripts/jest-project.sh unit|integration <project root> [jest options...]}"
shift 2
# The project's folder as a regular expression anchored at the workspace (Jest matches absolute paths).
pattern="^$(printf '%s' "$root/$project/" | sed 's/[][\.^$*+?(){}|]/\\&/g')"
args=(--selectProjects "$kind" --testPathPatterns "$pattern" --passWithNoTests)
[[ $kind == integration ]] && args+=(--runInBand)
exec node_modules/.bin/jest "${args[@]}" "$@"
