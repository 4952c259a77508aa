# shellcheck shell=bash
# MongoDB wire protocol: FerretDB 1.x (SQLite backend) embedded in our own tiny Go launcher
# (infra/ferretdb/main.go; see there why not FerretDB's own command).

QS_FERRETDB_BIN="$QS_CACHE/bin/qs-ferretdb"

ferretdb_marker()  { echo "qs-ferretdb"; }
ferretdb_addr()    { echo "mongodb://$QS_HOST:$QS_MONGO_PORT"; }
ferretdb_timeout() { echo 30; }

# The binary is rebuilt whenever the launcher's sources or our patches change (stamp = hash of them).
ferretdb_src_hash() {
  cat "$QS_INFRA/ferretdb/go.mod" "$QS_INFRA/ferretdb/go.sum" "$QS_INFRA/ferretdb/"*.go \
    "$QS_INFRA/ferretdb/patches/"*.patch | sha256sum | cut -c1-16
}

ferretdb_installed() {
  [[ -x $QS_FERRETDB_BIN && "$(cat "$QS_FERRETDB_BIN.stamp" 2>/dev/null)" == "$(ferretdb_src_hash)" ]]
}

ferretdb_install() {
  ferretdb_installed && return 0
  local go
  go=$(command -v go || echo /usr/local/go/bin/go)
  [[ -x $go ]] || die "ferretdb: Go >= 1.24 is needed to build qs-ferretdb (Debian's golang is too old)"
  log "ferretdb: building qs-ferretdb (FerretDB v1.24.2, CGO off; ~2 min cold on 2 cores)"
  mkdir -p "$QS_CACHE/bin" "$QS_CACHE/go/mod" "$QS_CACHE/go/build"
  local lf="$QS_RUN_DIR/install-ferretdb.log"
  # nice: the build is CPU-heavy and the machine is shared with npm/tsc.
  # FerretDB's module from the Go proxy, with our patches (infra/ferretdb/patches, each says why)
  # applied to a copy of it: the launcher builds against that copy through a `replace`.
  local stage="$QS_CACHE/ferretdb-build"
  rm -rf "$stage" && mkdir -p "$stage"
  cp "$QS_INFRA/ferretdb/go.mod" "$QS_INFRA/ferretdb/go.sum" "$QS_INFRA/ferretdb/"*.go "$stage/"
  local goenv=(GOMODCACHE="$QS_CACHE/go/mod" GOCACHE="$QS_CACHE/go/build" GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local)
  if ! (cd "$stage" &&
        local_src=$(env "${goenv[@]}" "$go" mod download -json github.com/FerretDB/FerretDB@v1.24.2 |
          sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') &&
        [[ -d $local_src ]] &&
        cp -r "$local_src" "$stage/ferretdb-src" && chmod -R u+w "$stage/ferretdb-src" &&
        for p in "$QS_INFRA/ferretdb/patches/"*.patch; do patch -s -p1 -d "$stage/ferretdb-src" <"$p" || exit 1; done &&
        env "${goenv[@]}" "$go" mod edit -replace github.com/FerretDB/FerretDB=./ferretdb-src &&
        env "${goenv[@]}" nice -n 10 "$go" build -trimpath -o "$QS_FERRETDB_BIN.tmp" .) >>"$lf" 2>&1; then
    tail -n 40 "$lf" >&2
    die "ferretdb: go build failed, log: $lf"
  fi
  mv -f "$QS_FERRETDB_BIN.tmp" "$QS_FERRETDB_BIN"
  ferretdb_src_hash >"$QS_FERRETDB_BIN.stamp"
}

ferretdb_start() {
  mkdir -p "$QS_RUN_DIR/ferretdb/data"
  # error: info logs every connection and warn dumps every failed command (duplicate keys
  # in tests, the driver's endSessions), flooding the log. QS_FERRETDB_LOG_LEVEL=debug to dig.
  start_detached ferretdb "$QS_FERRETDB_BIN" -listen "$QS_HOST:$QS_MONGO_PORT" \
    -sqlite-dir "$QS_RUN_DIR/ferretdb/data" -log-level "${QS_FERRETDB_LOG_LEVEL:-error}"
}

# Real readiness: a MongoDB `ping` command answered over the wire (driver inside our binary).
ferretdb_ready() { "$QS_FERRETDB_BIN" -ping "$QS_HOST:$QS_MONGO_PORT" -timeout 2s; }
