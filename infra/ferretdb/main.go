// qs-ferretdb: the project's MongoDB-wire server for dev and tests.
//
// It embeds FerretDB 1.x (SQLite backend) instead of `go install`-ing FerretDB's own command,
// because that command panics at start: its generated build/version/version.txt is not in the
// published module. The embeddable package marks itself "embedded" and needs no such file.
//
// Modes:
//
//	qs-ferretdb -listen 127.0.0.1:27017 -sqlite-dir .run/ferretdb/data   serve until SIGTERM/SIGINT
//	qs-ferretdb -ping 127.0.0.1:27017                                     exit 0 if `ping` answers ok
//
// The ping mode exists so that `infra up` can check real readiness (a MongoDB command answered over
// the wire) before `npm install` has run, with nothing but this binary.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	sqliteDir := flag.String("sqlite-dir", "data", "directory holding one SQLite file per database")
	logLevel := flag.String("log-level", "info", "debug, info, warn or error")
	ping := flag.String("ping", "", "instead of serving: send `ping` to this host:port and exit 0 when it answers ok")
	timeout := flag.Duration("timeout", 3*time.Second, "ping timeout")
	flag.Parse()

	if *ping != "" {
		if err := doPing(*ping, *timeout); err != nil {
			fmt.Fprintln(os.Stderr, "ping failed:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
		return
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "bad -log-level:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB wants a `file:` URI naming an existing directory and ending in `/`.
	dir, err := filepath.Abs(*sqliteDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		logger.Error("sqlite dir", "err", err)
		os.Exit(1)
	}

	// FerretDB itself listens on a private Unix socket; clients reach it through the proxy on
	// the public address, which serialises write commands (see proxy.go for why).
	socket := filepath.Join(os.TempDir(), fmt.Sprintf("qs-ferretdb-%d.sock", os.Getpid()))
	_ = os.Remove(socket)
	defer os.Remove(socket)

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		logger.Error("start", "err", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		logger.Error("listen", "err", err)
		os.Exit(1)
	}
	proxy := &writeSerializingProxy{
		dial:   func() (net.Conn, error) { return net.Dial("unix", socket) },
		logger: logger,
	}
	go func() {
		if err := proxy.serve(listener); err != nil {
			logger.Error("proxy", "err", err)
			stop()
		}
	}()
	go func() {
		<-ctx.Done()
		listener.Close() //nolint:errcheck // closing on shutdown
	}()

	// Printed whatever the log level, so the log always says where it listens.
	fmt.Fprintf(os.Stderr, "qs-ferretdb: FerretDB (sqlite) on %s, writes serialised, data in %s\n", *listen, dir)
	if err := f.Run(ctx); err != nil {
		logger.Error("run", "err", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "qs-ferretdb: stopped")
}

func doPing(addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	opts := options.Client().
		ApplyURI("mongodb://" + addr + "/?directConnection=true").
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout)
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background()) //nolint:errcheck // best effort on exit

	var res bson.M
	if err := client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Decode(&res); err != nil {
		return err
	}
	return nil
}
